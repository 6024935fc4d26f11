import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { corpusTree, type CorpusTree } from './corpus-tree.js';
import { measure, type Measurement } from './measure.js';
import { squawkArguments, squawkBinary, squawkCrashes, squawkVersion } from './squawk.js';

/**
 * Static review benchmark: the PostgreSQL migration corpus (.corpora/pg-sql.txt, ~1,500 files from
 * Debian packages and npm, ~54 MB) reviewed by dbarch and linted by squawk in the same run, one
 * after the other, each as a child process measured for wall time and peak RSS. dbarch runs through
 * its real CLI in PATH mode (`dbarch review --format json --no-dry-run --no-llm FOLDER`, built by
 * `npm run build`) when the CLI exists, else through bench/drivers/review-files.ts. The CLI gets one folder
 * holding exactly the listed files (corpus-tree.ts), so no argument list limit applies. A last dbarch
 * run reviews the files one by one in one process for the per-file time distribution (p50/p99).
 * The machine's load average is printed: with other processes on the CPUs, compare CPU seconds.
 *
 * Targets (the issue "Engine, SQL migration analysis"): wall time ≤ squawk's on 2 cores, peak RSS ≤ 500 MB.
 */

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TREE = 'bench-tree';
const RSS_TARGET_MB = 500;

export interface StaticReviewOptions {
  corpora?: string;
  /** Timed runs of each tool; the median is reported. */
  runs?: number;
  /** Run `npm run build` first (the CLI runs from dist/). */
  build?: boolean;
  perFile?: boolean;
}

interface ToolRun {
  name: string;
  files: number;
  measurements: Measurement[];
  detail?: string;
}

export async function benchStaticReview(options: StaticReviewOptions = {}): Promise<void> {
  const corpora = options.corpora ?? join(ROOT, '.corpora');
  if (!existsSync(join(corpora, 'pg-sql.txt'))) {
    console.log(`static review benchmark: no corpus at ${corpora}/pg-sql.txt; fetch it with \`npm run corpora\`.`);
    return;
  }
  const tree = corpusTree(corpora, 'pg-sql.txt', TREE);
  console.log(
    `\n## Static review of the PostgreSQL corpus: ${tree.files.length} files, ${(tree.bytes / 1e6).toFixed(1)} MB, ${availableParallelism()} CPUs`,
  );
  const dbarch = dbarchCommand(options.build ?? true);
  const crashes = await squawkCrashes(tree, corpora, TREE, (line) => console.log(line));
  if (crashes.length > 0) {
    console.log(
      `squawk ${squawkVersion()} panics on ${crashes.length} file(s), excluded from its run (dbarch reviews them): ${crashes.join(', ')}`,
    );
  }
  const squawkRun: ToolRun = { name: `squawk ${squawkVersion()}`, files: tree.files.length - crashes.length, measurements: [] };
  const dbarchRuns: ToolRun[] = [{ name: `dbarch (${dbarch.label})`, files: tree.files.length, measurements: [] }];
  const output = join(tmpdir(), `dbarch-bench-review-${process.pid}.json`);
  const load = () =>
    loadavg()
      .map((value) => value.toFixed(1))
      .join(' ');
  console.log(`load average before: ${load()}`);
  try {
    for (let run = 0; run < (options.runs ?? 1); run += 1) {
      squawkRun.measurements.push(await measure(squawkBinary(), squawkArguments(TREE, crashes), { cwd: corpora }));
      for (const dbarchRun of dbarchRuns) {
        dbarchRun.measurements.push(await measure(process.execPath, [...dbarch.args, TREE], { cwd: corpora, stdoutFile: output }));
        checkExit(dbarchRun.measurements.at(-1)!, 'dbarch');
        dbarchRun.detail ??= summarizeReview(output);
      }
    }
  } finally {
    rmSync(output, { force: true });
  }
  console.log(`load average after: ${load()} (other processes share the CPUs: compare CPU seconds when it is high)`);
  printTable([squawkRun, ...dbarchRuns]);
  printTargets(median(squawkRun), dbarchRuns);
  if (options.perFile ?? true) await printPerFile(tree, dbarch.dist);
}

interface DbarchCommand {
  label: string;
  args: string[];
  dist: boolean;
}

/** The real CLI when it exists (built first), else the bench driver on the TypeScript sources. */
function dbarchCommand(build: boolean): DbarchCommand {
  const config = join(tmpdir(), 'dbarch-bench-config.yml');
  writeFileSync(config, '# defaults\n');
  if (existsSync(join(ROOT, 'src/cli/main.ts'))) {
    if (build) execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
    const cli = join(ROOT, 'bin/dbarch.js');
    return {
      label: 'CLI, PATH mode',
      args: [cli, 'review', '--format', 'json', '--no-dry-run', '--no-llm', '--config', config],
      dist: true,
    };
  }
  const driver = join(ROOT, 'bench/drivers/review-files.ts');
  return { label: 'bench driver, review()', args: ['--import', 'tsx', driver, '--tree'], dist: false };
}

function checkExit(measurement: Measurement, tool: string): void {
  if (measurement.exitCode === 0 || measurement.exitCode === 1) return;
  throw new Error(`${tool} failed (exit ${measurement.exitCode ?? measurement.signal}): ${measurement.stderr.slice(-2000)}`);
}

/** Files, statements and findings of dbarch's JSON review. */
function summarizeReview(path: string): string {
  const review = JSON.parse(readFileSync(path, 'utf8')) as {
    files: { skipped?: string; findings: { ruleId: string }[] }[];
    findings: { ruleId: string }[];
    stats: { statements: number };
  };
  const syntax = review.files.filter((file) => file.findings.some((finding) => finding.ruleId === 'syntax-error')).length;
  const skipped = review.files.filter((file) => file.skipped).length;
  return `${review.files.length} files (${skipped} skipped, ${syntax} with syntax errors), ${review.stats.statements} statements, ${review.findings.length} findings`;
}

function median(run: ToolRun): Measurement {
  const sorted = [...run.measurements].sort((left, right) => left.wallSeconds - right.wallSeconds);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

function printTable(runs: ToolRun[]): void {
  const rows = runs.map((run) => {
    const m = median(run);
    return [run.name, String(run.files), m.wallSeconds.toFixed(2), m.cpuSeconds?.toFixed(2) ?? '-', m.peakRssMb?.toFixed(0) ?? '-'];
  });
  const header = ['tool', 'files', 'wall s', 'cpu s', 'peak RSS MB'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) =>
    cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ');
  console.log(line(header));
  for (const row of rows) console.log(line(row));
  for (const run of runs) if (run.detail) console.log(`${run.name}: ${run.detail}`);
  const all = runs.flatMap((run) => run.measurements.map((m) => `${run.name.split(' ')[0]} ${m.wallSeconds.toFixed(2)} s`));
  if (runs.some((run) => run.measurements.length > 1)) console.log(`runs: ${all.join(', ')}`);
  if (runs.some((run) => run.measurements.some((m) => m.measuredBy === 'sampling')))
    console.log('(no GNU time: RSS sampled from /proc every 20 ms)');
}

function printTargets(squawk: Measurement, dbarchRuns: ToolRun[]): void {
  const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
  for (const run of dbarchRuns) {
    const dbarch = median(run);
    const ratio = dbarch.wallSeconds / squawk.wallSeconds;
    const cpu = dbarch.cpuSeconds && squawk.cpuSeconds ? `; CPU time ratio ${(dbarch.cpuSeconds / squawk.cpuSeconds).toFixed(2)}` : '';
    console.log(`${run.name}: wall time / squawk's ${ratio.toFixed(2)} (target ≤ 1.00 on 2 cores) ${verdict(ratio <= 1)}${cpu}`);
    if (dbarch.peakRssMb === undefined) continue;
    const rssRatio = squawk.peakRssMb ? ` (dbarch/squawk ${(dbarch.peakRssMb / squawk.peakRssMb).toFixed(2)})` : '';
    console.log(
      `${run.name}: peak RSS ${dbarch.peakRssMb.toFixed(0)} MB${rssRatio} (target ≤ ${RSS_TARGET_MB} MB) ${verdict(dbarch.peakRssMb <= RSS_TARGET_MB)}`,
    );
  }
}

interface PerFileReport {
  files: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  slowest: { path: string; ms: number }[];
}

async function printPerFile(tree: CorpusTree, dist: boolean): Promise<void> {
  const output = join(tmpdir(), `dbarch-bench-per-file-${process.pid}.json`);
  const driver = join(ROOT, 'bench/drivers/review-files.ts');
  try {
    const args = ['--import', 'tsx', driver, ...(dist ? ['--dist'] : []), '--per-file', '--tree', tree.root, '--out', output];
    const run = await measure(process.execPath, args, { cwd: ROOT });
    checkExit(run, 'dbarch per-file driver');
    const report = JSON.parse(readFileSync(output, 'utf8')) as PerFileReport;
    const ms = (value: number) => (value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(1)} ms`);
    console.log(
      `dbarch per file (each file alone in review(), one warm process, ${report.files} files): ` +
        `p50 ${ms(report.p50)}, p90 ${ms(report.p90)}, p99 ${ms(report.p99)}, max ${ms(report.max)}; ` +
        `that process: ${run.wallSeconds.toFixed(1)} s, ${run.peakRssMb?.toFixed(0) ?? '?'} MB peak RSS`,
    );
    console.log(`slowest: ${report.slowest.map((file) => `${file.path} ${ms(file.ms)}`).join('; ')}`);
  } finally {
    rmSync(output, { force: true });
  }
}
