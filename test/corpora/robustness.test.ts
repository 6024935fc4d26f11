import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { defaultConfig } from '../../src/config/load-config.js';
import type { Config } from '../../src/config/schema.js';
import { review } from '../../src/engine/review.js';
import { CORPORA } from '../helpers/corpora.js';

/**
 * Robustness over real-world migrations: every PostgreSQL migration of the corpora (Debian packages
 * and npm tarballs, fetched by `npm run corpora` into .corpora, which CI does) goes through the
 * real engine alone, as the one added file of a change, with the default config. None may throw,
 * and each must come out as a reviewed file or as syntax-error findings: a statement our splitter
 * or placeholder masking cannot handle shows up here as a syntax error.
 *
 * Known genuinely broken files (the migration fails on PostgreSQL too):
 * - gnumed-server v10-v11/dynamic/v11-cfg-cfg_str_array.sql: `workplace in 'a', 'b'` lacks parentheses
 * - gnumed-server v18-v19/dynamic/v19-ref-AUDIT_alcohol.sql: an INSERT … VALUES ( … '…'; lacks its `)`,
 *   so psql (and dbarch) read the rest of the file as one statement
 * - mediawiki archives/patch-objectcache_keyname-pk.sql: `ALTER TABLE … ADD DEFAULT ''` (no column)
 * - request-tracker5 upgrade/4.1.5/schema.Pg: a `# Template colum` comment line, which RT's own
 *   loader strips but PostgreSQL does not accept
 */

const PG_LIST = join(CORPORA, 'pg-sql.txt');
const PRISMA_LIST = join(CORPORA, 'prisma.txt');
const KNOWN_BROKEN = ['v11-cfg-cfg_str_array.sql', 'v19-ref-AUDIT_alcohol.sql', 'patch-objectcache_keyname-pk.sql', '4.1.5/schema.Pg'];
/** Allowance for new genuinely broken files when the Debian and npm packages get new versions. */
const MAX_UNKNOWN_BROKEN = 5;
/** Skips that are the engine's decision about the file, not a failure to read it. */
const LEGITIMATE_SKIP = /^down\/revert migration/;

interface FileOutcome {
  path: string;
  statements: number;
  syntaxErrors: number;
  skipped?: string;
  thrown?: string;
  commentOnly: boolean;
}

interface CorpusResult {
  outcomes: FileOutcome[];
  findingsByRule: Map<string, number>;
  durationMs: number;
}

const corporaPresent = existsSync(PG_LIST);
if (!corporaPresent) {
  console.log('robustness corpora absent (.corpora/pg-sql.txt): skipping. Fetch them with `npm run corpora`.');
}

(corporaPresent ? describe : describe.skip)('robustness over real-world PostgreSQL migrations', () => {
  let result: CorpusResult;

  beforeAll(async () => {
    result = await reviewCorpus(corpusFiles());
    report(result);
  }, 170_000);

  it('reviews every file without throwing', () => {
    expect(result.outcomes.filter((outcome) => outcome.thrown).map((outcome) => `${outcome.path}: ${outcome.thrown}`)).toEqual([]);
  });

  it('yields a reviewed file or syntax-error findings for every file', () => {
    const unreviewed = result.outcomes.filter(
      (outcome) =>
        !outcome.thrown &&
        ((outcome.skipped !== undefined && !LEGITIMATE_SKIP.test(outcome.skipped)) ||
          (outcome.statements === 0 && outcome.syntaxErrors === 0 && !outcome.commentOnly)),
    );
    expect(unreviewed.map((outcome) => `${outcome.path}: ${outcome.skipped ?? 'no statements'}`)).toEqual([]);
  });

  it('finds syntax errors only in genuinely broken files', () => {
    const broken = result.outcomes.filter((outcome) => outcome.syntaxErrors > 0).map((outcome) => outcome.path);
    const unknown = broken.filter((path) => !KNOWN_BROKEN.some((name) => path.endsWith(`/${name}`)));
    expect(unknown.length).toBeLessThanOrEqual(MAX_UNKNOWN_BROKEN);
    // The known broken ones, when the corpus still has them, are reported: errors are not swallowed.
    const present = result.outcomes.filter((outcome) => KNOWN_BROKEN.some((name) => outcome.path.endsWith(`/${name}`)));
    expect(present.filter((outcome) => outcome.syntaxErrors === 0).map((outcome) => outcome.path)).toEqual([]);
  });
});

/** pg-sql.txt, plus the PostgreSQL (not MySQL) .sql migrations of prisma.txt; paths relative to .corpora. */
function corpusFiles(): string[] {
  const list = (path: string) => (existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter(Boolean) : []);
  const prisma = list(PRISMA_LIST).filter((path) => path.endsWith('.sql') && !path.includes('/mysql/'));
  return [...list(PG_LIST), ...prisma];
}

/** Request Tracker names its PostgreSQL upgrade scripts `schema.Pg`: review them as the SQL they are. */
function corpusConfig(): Config {
  const config = defaultConfig();
  config.paths = { ...config.paths, 'sql-migration': ['**/*.sql', '**/schema.Pg'] };
  return config;
}

async function reviewCorpus(paths: readonly string[]): Promise<CorpusResult> {
  const config = corpusConfig();
  const findingsByRule = new Map<string, number>();
  const outcomes: FileOutcome[] = [];
  const started = Date.now();
  for (const path of paths) {
    const content = readFileSync(join(CORPORA, path), 'utf8');
    const outcome: FileOutcome = { path, statements: 0, syntaxErrors: 0, commentOnly: isCommentOnly(content) };
    try {
      const reviewed = await review({ files: [{ path, status: 'added', content }] }, config);
      const file = reviewed.files[0];
      if (!file) throw new Error('the engine returned no review for the file');
      outcome.statements = file.statements.length;
      outcome.skipped = file.skipped;
      for (const finding of file.findings) {
        findingsByRule.set(finding.ruleId, (findingsByRule.get(finding.ruleId) ?? 0) + 1);
        if (finding.ruleId === 'syntax-error') outcome.syntaxErrors += 1;
      }
    } catch (error) {
      outcome.thrown = error instanceof Error ? (error.stack ?? error.message) : String(error);
    }
    outcomes.push(outcome);
  }
  return { outcomes, findingsByRule, durationMs: Date.now() - started };
}

/** Nothing but comments, psql meta-commands and blank lines (a few upgrade scripts only bump a version). */
function isCommentOnly(content: string): boolean {
  const withoutBlockComments = content.replace(/\/\*[\s\S]*?\*\//g, '');
  return withoutBlockComments.split('\n').every((line) => /^\s*(?:--.*|\\.*)?$/.test(line));
}

function report({ outcomes, findingsByRule, durationMs }: CorpusResult): void {
  const broken = outcomes.filter((outcome) => outcome.syntaxErrors > 0);
  const topRules = [...findingsByRule]
    .sort((left, right) => right[1] - left[1] || left[0].localeCompare(right[0]))
    .slice(0, 15)
    .map(([ruleId, count]) => `  ${String(count).padStart(7)}  ${ruleId}`);
  console.log(
    [
      `robustness corpus: ${outcomes.length} files, ${outcomes.reduce((sum, outcome) => sum + outcome.statements, 0)} statements, ` +
        `${broken.length} files with syntax errors, ${outcomes.filter((outcome) => outcome.skipped).length} skipped, ` +
        `${outcomes.filter((outcome) => outcome.thrown).length} threw, ${(durationMs / 1000).toFixed(1)} s`,
      ...broken.map((outcome) => `  syntax errors: ${outcome.path} (${outcome.syntaxErrors})`),
      'findings per rule (top 15):',
      ...topRules,
    ].join('\n'),
  );
}
