import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { measure } from './measure.js';

/**
 * Real-history check (not run in CI): replays the last N commits that touched migrations or models
 * of any local git checkout through `dbarch review --base C^` — what a pull request of that one
 * commit would get — and prints, per review, the exit code, risk, findings by severity and rule,
 * dry-run coverage, wall time cold (an empty cache) and warm (the same review again, its cache
 * kept), and how many errors/warnings fall where they should not:
 *   - untouched: on statements the commit did not add or change (a finding on an edited migration's
 *     old statements is noise: that SQL already ran in production);
 *   - foreign dialect: on a file whose path names another database (mysql/, .sqlite3., clickhouse…);
 *   - rollback: on a down/revert/undo script.
 *
 *   node --import tsx bench/real-history.ts CHECKOUT [--commits 30] [--json FILE] [--dbarch-args "…"]
 *
 * The checkout is never modified: each commit is checked out in a sparse scratch repository that
 * borrows its objects (git alternates; only the kinds of files dbarch reads), removed at the end. Uses the built CLI (`npm run build` first).
 */

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '..');
const CLI = join(ROOT, 'bin/dbarch.js');

/** What dbarch reviews by default: SQL migrations, Alembic revisions, models, Prisma schemas. */
const PATHSPECS = [
  ':(glob)**/*.sql',
  ':(glob)**/versions/**/*.py',
  ':(glob)**/*.prisma',
  ':(glob)**/models.py',
  ':(glob)**/models/**/*.py',
];
const SPARSE_PATTERNS = [
  '*.sql',
  '*.py',
  '*.prisma',
  '*.plan',
  'LOADORDER',
  '*.conf',
  '/.github/',
  'package.json',
  '*.toml',
  '*.yml',
  '*.yaml',
];
const FOREIGN_DIALECT = /(^|[/._-])(mysql|mariadb|sqlite3?|clickhouse|mssql|sqlserver|oracle|cockroach(db)?)([/._-]|$)/i;
const ROLLBACK = /(^|\/)down\.sql$|[._-]down\.sql$|(^|\/)revert\/|(^|\/)U\d[^/]*__[^/]*\.sql$/;

interface ReviewJson {
  risk: string;
  files: { path: string; skipped?: string; statements: { line: number; endLine: number; dryRun?: string }[] }[];
  findings: { ruleId: string; severity: string; path: string; line: number; endLine: number; message: string }[];
}

interface CommitResult {
  commit: string;
  subject: string;
  exit: number | null;
  risk: string;
  /** Cold: an empty dbarch cache (DBARCH_CACHE_DIR), as a first CI run or a fresh runner. */
  wallSeconds: number;
  /** Warm: the same review again with the cache the cold run left (a re-run, a second push). */
  warmWallSeconds?: number;
  peakRssMb?: number;
  bySeverity: Record<string, number>;
  byRule: Record<string, number>;
  loud: number;
  untouched: number;
  foreign: number;
  rollback: number;
  traced: number;
  notTraced: number;
  crashed: boolean;
  stderr?: string;
  untouchedFindings: string[];
  /** Every error and warning with its message (in --json), for auditing precision by hand. */
  loudFindings: { path: string; line: number; ruleId: string; severity: string; message: string; untouched: boolean }[];
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    commits: { type: 'string', default: '30' },
    json: { type: 'string' },
    'dbarch-args': { type: 'string', default: '' },
  },
});
const checkout = positionals[0];
if (!checkout) {
  console.error('usage: node --import tsx bench/real-history.ts CHECKOUT [--commits N] [--json FILE] [--dbarch-args "…"]');
  process.exit(2);
}
const extraArgs = values['dbarch-args'].split(/\s+/).filter(Boolean);
const results = await replayHistory(resolve(checkout), Number(values.commits) || 30, extraArgs);
printTable(results);
if (values.json) writeFileSync(values.json, JSON.stringify(results, null, 2));

async function replayHistory(repo: string, count: number, dbarchArgs: string[]): Promise<CommitResult[]> {
  const log = await git(repo, ['log', '--no-merges', `-n${count}`, '--format=%H%x09%s', '--', ...PATHSPECS]);
  const commits = log
    .split('\n')
    .filter(Boolean)
    .map((line) => ({ commit: line.slice(0, 40), subject: line.slice(41) }))
    .reverse();
  const scratch = mkdtempSync(join(tmpdir(), 'dbarch-history-'));
  const worktree = join(scratch, 'tree');
  // A scratch repository that borrows the checkout's objects (git alternates) rather than a linked
  // worktree of it: its config is its own, so the sparse checkout always applies (a bare mirror
  // whose config names extensions.worktreeConfig without repositoryformatversion 1 would otherwise
  // get a full checkout), and nothing is written into the checkout.
  // Sparse: only what dbarch reads (mirrors may lack large unrelated blobs, and checkouts stay small).
  await git(scratch, ['init', '--quiet', worktree]);
  writeFileSync(join(worktree, '.git/objects/info/alternates'), `${await gitObjectsDir(repo)}\n`);
  await git(worktree, ['sparse-checkout', 'set', '--no-cone', ...SPARSE_PATTERNS]);
  const results: CommitResult[] = [];
  try {
    for (const { commit, subject } of commits) {
      await git(worktree, ['checkout', '--detach', '--quiet', '--force', commit]);
      await git(worktree, ['clean', '-fdq']);
      results.push(await reviewCommit(worktree, commit, subject, dbarchArgs));
      process.stderr.write(`${results.length}/${commits.length} ${commit.slice(0, 10)}\n`);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return results;
}

/** The objects folder of a checkout or bare repository, absolute. */
async function gitObjectsDir(repo: string): Promise<string> {
  const path = (await git(repo, ['rev-parse', '--git-path', 'objects'])).trim();
  return resolve(repo, path);
}

async function reviewCommit(worktree: string, commit: string, subject: string, dbarchArgs: string[]): Promise<CommitResult> {
  const output = join(tmpdir(), `dbarch-history-${process.pid}.json`);
  const args = [CLI, 'review', '--base', `${commit}^`, '--format', 'json', '--no-llm', ...dbarchArgs];
  const cache = mkdtempSync(join(tmpdir(), 'dbarch-history-cache-'));
  const options = { cwd: worktree, stdoutFile: output, timeoutMs: 300_000, env: { DBARCH_CACHE_DIR: cache } };
  let measurement: Awaited<ReturnType<typeof measure>>;
  let warm: Awaited<ReturnType<typeof measure>>;
  try {
    measurement = await measure(process.execPath, args, options);
    warm = await measure(process.execPath, args, { ...options, stdoutFile: undefined });
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
  const base: CommitResult = {
    commit,
    subject,
    exit: measurement.exitCode,
    risk: '-',
    wallSeconds: measurement.wallSeconds,
    warmWallSeconds: warm.wallSeconds,
    peakRssMb: measurement.peakRssMb,
    bySeverity: {},
    byRule: {},
    loud: 0,
    untouched: 0,
    foreign: 0,
    rollback: 0,
    traced: 0,
    notTraced: 0,
    crashed: true,
    untouchedFindings: [],
    loudFindings: [],
  };
  let review: ReviewJson;
  try {
    review = JSON.parse(readFileSync(output, 'utf8')) as ReviewJson;
  } catch {
    return { ...base, stderr: measurement.stderr.slice(-400) };
  } finally {
    rmSync(output, { force: true });
  }
  const touched = await touchedLines(worktree, commit);
  const result: CommitResult = { ...base, risk: review.risk, crashed: measurement.exitCode === 2 };
  for (const finding of review.findings) {
    result.bySeverity[finding.severity] = (result.bySeverity[finding.severity] ?? 0) + 1;
    if (finding.severity === 'notice') continue;
    result.loud += 1;
    result.byRule[finding.ruleId] = (result.byRule[finding.ruleId] ?? 0) + 1;
    if (FOREIGN_DIALECT.test(finding.path)) result.foreign += 1;
    if (ROLLBACK.test(finding.path)) result.rollback += 1;
    // Judged by statement, as the change is reviewed: a finding inside a statement the commit
    // changed is on the change even when its own lines (a column of a CREATE TABLE) are not.
    // edited-applied-migration is about the file itself, whichever line it points at.
    const [start, end] = statementRange(review, finding);
    const untouched = finding.ruleId !== 'edited-applied-migration' && !intersects(touched.get(finding.path), start, end);
    if (untouched) {
      result.untouched += 1;
      result.untouchedFindings.push(`${finding.path}:${finding.line} ${finding.ruleId}`);
    }
    const { path, line, ruleId, severity, message } = finding;
    result.loudFindings.push({ path, line, ruleId, severity, message, untouched });
  }
  for (const file of review.files) {
    for (const statement of file.statements) {
      if (statement.dryRun === 'ok' || statement.dryRun === 'failed' || statement.dryRun === 'timeout') result.traced += 1;
      else result.notTraced += 1;
    }
  }
  return result;
}

/** The lines of the statement that holds the finding, or the finding's own lines (file-level findings). */
function statementRange(review: ReviewJson, finding: ReviewJson['findings'][number]): [number, number] {
  const file = review.files.find((candidate) => candidate.path === finding.path);
  const statement = file?.statements.find((candidate) => candidate.line <= finding.line && finding.line <= candidate.endLine);
  return statement ? [statement.line, statement.endLine] : [finding.line, finding.endLine];
}

/** Lines of the commit's head that it added or changed, per path (`git diff -U0`, new-side hunks). */
async function touchedLines(worktree: string, commit: string): Promise<Map<string, [number, number][]>> {
  const diff = await git(worktree, ['diff', '-U0', '--no-color', '--no-ext-diff', '-M', `${commit}^`, commit, '--', ...PATHSPECS]);
  const result = new Map<string, [number, number][]>();
  let ranges: [number, number][] | undefined;
  for (const line of diff.split('\n')) {
    if (line.startsWith('+++ ')) {
      const path = line.slice(4).replace(/^b\//, '');
      ranges = [];
      result.set(path, ranges);
      continue;
    }
    const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/.exec(line);
    if (hunk && ranges) {
      const start = Number(hunk[1]);
      const length = hunk[2] === undefined ? 1 : Number(hunk[2]);
      if (length > 0) ranges.push([start, start + length - 1]);
    }
  }
  return result;
}

function intersects(ranges: [number, number][] | undefined, line: number, endLine: number): boolean {
  return (ranges ?? []).some(([start, end]) => line <= end && endLine >= start);
}

async function git(cwd: string, args: string[]): Promise<string> {
  const { stdout } = await run('git', args, { cwd, maxBuffer: 512 * 1024 * 1024 });
  return stdout;
}

function printTable(rows: CommitResult[]): void {
  console.log(
    '| commit | exit | risk | err/warn/notice | untouched | foreign | rollback | traced/not | wall s cold/warm | RSS MB | top rules |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const row of rows) {
    const severities = `${row.bySeverity.error ?? 0}/${row.bySeverity.warning ?? 0}/${row.bySeverity.notice ?? 0}`;
    const rules = Object.entries(row.byRule)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([rule, count]) => `${rule}×${count}`)
      .join(' ');
    const exit = row.crashed ? `${row.exit} CRASH` : String(row.exit);
    console.log(
      `| ${row.commit.slice(0, 10)} | ${exit} | ${row.risk} | ${severities} | ${row.untouched} | ${row.foreign} | ${row.rollback} | ${row.traced}/${row.notTraced} | ${row.wallSeconds.toFixed(2)}/${row.warmWallSeconds?.toFixed(2) ?? '-'} | ${row.peakRssMb?.toFixed(0) ?? '-'} | ${rules} |`,
    );
  }
  const loud = sum(rows, (row) => row.loud);
  const share = (count: number) => (loud === 0 ? '0 %' : `${((100 * count) / loud).toFixed(1)} %`);
  const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
  const cold = median(rows.map((row) => row.wallSeconds));
  const warm = median(rows.flatMap((row) => (row.warmWallSeconds === undefined ? [] : [row.warmWallSeconds])));
  console.log(
    `\n${rows.length} reviews · ${loud} errors/warnings · untouched ${sum(rows, (row) => row.untouched)} (${share(sum(rows, (row) => row.untouched))})` +
      ` · foreign dialect ${sum(rows, (row) => row.foreign)} · rollback ${sum(rows, (row) => row.rollback)}` +
      ` · dry run traced ${sum(rows, (row) => row.traced)} of ${sum(rows, (row) => row.traced + row.notTraced)} statements` +
      ` · crashes ${rows.filter((row) => row.crashed).length} · median wall ${cold.toFixed(2)} s cold, ${warm.toFixed(2)} s warm` +
      ` (targets ≤ 3 s cold, ≤ 1 s warm) · load average ${loadavg()[0]!.toFixed(2)}`,
  );
}

function sum(rows: CommitResult[], pick: (row: CommitResult) => number): number {
  return rows.reduce((total, row) => total + pick(row), 0);
}
