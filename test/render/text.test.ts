import { describe, expect, it } from '@jest/globals';
import { stripVTControlCharacters } from 'node:util';
import type { Review } from '../../src/review-types/index.js';
import { renderText } from '../../src/render/text.js';
import { riskyReview as sharedRiskyReview, riskySources, safeReview } from './fixtures/reviews.js';
import { expectTextReport } from './text-report-file.js';

/** A deep copy: the fixtures share their finding objects, and these tests change them. */
const riskyReview = (): Review => structuredClone(sharedRiskyReview());

const plain = (review: Review, options: { width?: number; verbose?: boolean } = {}) =>
  renderText(review, { sources: riskySources(), color: false, ...options });

/** The risky review with what a dry run and the LLM architect add. */
function observedReview(): Review {
  const review = riskyReview();
  review.dryRun = {
    engine: 'PGlite 0.5.16 (PostgreSQL 18.6)',
    base: { files: 7, statements: 20, skipped: 2, built: true, cached: true, durationMs: 0 },
    durationMs: 1234,
    notes: ['base db/migrations/0001_init.sql:4: CREATE EXTENSION postgis: extension not available in PGlite'],
  };
  const [addIndex, dropStatus] = review.files;
  Object.assign(addIndex!.statements[0]!, { dryRun: 'skipped' });
  Object.assign(addIndex!.statements[1]!, { dryRun: 'ok', locksObserved: false, rewrites: [] });
  Object.assign(dropStatus!.statements[0]!, { dryRun: 'ok', locksObserved: true, rewrites: ['orders'] });
  Object.assign(dropStatus!.statements[1]!, { dryRun: 'failed' });
  review.stats.skipped = {};
  review.stats.llm = { model: 'gpt-4o-mini', promptVersion: 'abc', inputTokens: 900, outputTokens: 120, costUsd: 0.0002, cached: false };
  review.advice = {
    summary: 'The drop of legacy_status is the step to stage: reporting jobs still read it, so ship the code change first.',
    elsewhere: ['db/migrations/0001_init.sql:7: orders.state has no index, and the backfill filters on it.'],
    notes: [],
  };
  return review;
}

describe('renderText', () => {
  it('reads as the committed reports: short form, long form, with a dry run and LLM advice, and a safe change', () => {
    expectTextReport('risky', plain(riskyReview()));
    expectTextReport('risky-verbose', plain(riskyReview(), { verbose: true }));
    expectTextReport('observed', plain(observedReview()));
    expectTextReport('safe', renderText(safeReview(), { sources: new Map(), color: false }));
  });

  it('puts path:line:col first on the finding line, so terminals and editors link it', () => {
    expect(plain(riskyReview())).toContain('db/migrations/0002_add_index.sql:3:1  error  create-index-non-concurrently\n');
  });

  it('lists the findings of a file in line order, each once: its message, then its fix; the help only in the long form', () => {
    const review = riskyReview();
    const file = review.files[1]!;
    file.findings.reverse();
    const output = plain(review);
    const positions = ['0003_drop_status.sql:1:1  error', '0003_drop_status.sql:1:1  notice', '0003_drop_status.sql:3:1  warning'].map(
      (text) => output.indexOf(text),
    );
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(output).not.toContain('help:');
    expect(output).not.toContain('Stop reading the column first');
    expect(output).toContain('    fix: Build the index concurrently\n      CREATE INDEX CONCURRENTLY users_email_idx ON users (email)\n');
    const verbose = plain(review, { verbose: true });
    expect(verbose).toContain('    help: Stop reading the column first, back it up, then drop it in a later release.');
    expect(verbose).toContain('    3 | CREATE INDEX users_email_idx ON users (email);\n      | ' + '^'.repeat(45) + '\n');
    expect(verbose).toContain('docs: https://example.com/rules/create-index-non-concurrently.md');
  });

  it('wraps every line to the width it is given, keeping long words whole', () => {
    const review = riskyReview();
    review.findings[0]!.message = `${'A rather long explanation of the lock. '.repeat(8)}See https://example.com/${'x'.repeat(70)}`;
    for (const width of [60, 100]) {
      const lines = plain(review, { width, verbose: true }).split('\n');
      // Paths and URLs stay whole (terminals link them), the SQL of a replacement too, and the
      // verdict stays one line (94 columns at its shortest here).
      const tooLong = lines.filter((line) => line.length > width && !/https:\/\/|^db\/|^ {6}CREATE INDEX|^Risk: /.test(line));
      expect(tooLong).toEqual([]);
    }
    expect(plain(review, { width: 60 })).toContain(`    https://example.com/${'x'.repeat(70)}\n`);
  });

  it('aligns the steps of a multi-line fix under its label, a long step under its own text', () => {
    const review = riskyReview();
    review.findings[0]!.fix = {
      description: `1. Add the column.\n2. Backfill in batches: ${'each batch in its own transaction, '.repeat(3)}`,
    };
    const output = plain(review, { width: 80 });
    expect(output).toContain(
      '    fix: 1. Add the column.\n         2. Backfill in batches: each batch in its own transaction, each batch\n            in its own transaction,',
    );
  });

  it('shows the dry run as a lock table: statement, lock, what it blocks, rewrite, observed or predicted', () => {
    const output = plain(observedReview());
    expect(output).toMatch(/\n {2}line +statement +lock +blocks +rewrite +locks\n/);
    expect(output).toMatch(/ {2}1 +ALTER TABLE orders +orders ACCESS EXCLUSIVE +reads and writes +yes +observed\n/);
    // Ran outside a transaction: the locks shown are the static model's.
    expect(output).toMatch(/ {2}3 +CREATE INDEX users_email_idx… +users SHARE +writes +no +predicted\n/);
    expect(output).toMatch(/ {2}3 +UPDATE orders +orders ROW EXCLUSIVE +DDL +\? +failed\n/);
    expect(output).toContain('  · base db/migrations/0001_init.sql:4: CREATE EXTENSION postgis: extension not available in PGlite');
    expect(plain(riskyReview())).not.toContain('Dry run:');
  });

  it('shows the LLM summary and its advice outside the change', () => {
    const output = plain(observedReview());
    expect(output).toContain('Architect review, LLM advice (gpt-4o-mini):\n  The drop of legacy_status is the step to stage');
    expect(output).toContain('  - db/migrations/0001_init.sql:7: orders.state has no index');
  });

  it('lists the parts that did not run and the files it skipped', () => {
    const output = plain(riskyReview());
    expect(output).toContain('Not run:\n  llm: no OPENAI_API_KEY\n  dry-run: turned off with --no-dry-run');
    expect(output).toContain('Skipped files:\n  db/seed.bin: binary file (contains NUL bytes)');
  });

  it('keeps the rollout plan general in the short form; the long form lists the per-finding steps', () => {
    const review = riskyReview();
    review.rolloutPlan.push('`db/migrations/0002_add_index.sql` line 3 (create-index-non-concurrently): Build the index concurrently');
    const unwrapped = (text: string) => text.replace(/\n {5}/g, ' ');
    expect(unwrapped(plain(review))).toContain(
      '  3. Then apply the fix shown with each risky finding above, migration by migration (1 step; --verbose lists them).',
    );
    expect(plain(review)).not.toContain('line 3 (create-index-non-concurrently)');
    expect(unwrapped(plain(review, { verbose: true }))).toContain(
      '  3. `db/migrations/0002_add_index.sql` line 3 (create-index-non-concurrently): Build the index',
    );
  });

  it('ends with a one-line verdict that fits the width', () => {
    const review = riskyReview();
    // At 100 columns the statement count and the total make room; at 160 everything fits, the label too.
    const last = (width: number) => plain(review, { width }).trimEnd().split('\n').at(-1);
    expect(last(100)).toBe('Risk: destructive — 2 files reviewed (1 skipped), 2 errors, 1 warning, 1 notice, 1 suppressed');
    expect(last(160)).toBe(
      'Risk: destructive — 2 files reviewed (1 skipped), 4 statements, 4 findings (2 errors, 1 warning, 1 notice), 1 suppressed [main..working tree]',
    );
    review.label = 'db/migrations/'.repeat(20);
    const verdict = plain(review, { width: 200 }).trimEnd().split('\n').at(-1)!;
    expect(verdict.length).toBeLessThanOrEqual(200);
    expect(verdict).toMatch(/ \[db\/migrations\/.*…\]$/);
  });

  it('writes control characters from the change visibly, so they cannot drive the terminal', () => {
    const review = riskyReview();
    const finding = review.findings[0]!;
    finding.path = 'db/\u001b]0;pwned\u0007evil.sql';
    review.files[0]!.path = finding.path;
    finding.message = 'clears \u001b[2J the screen\rand \u009b31m C1, \u202ereversed';
    finding.fix = { description: 'fix \u001b[31mred', replacement: 'SELECT 1;\u001b[0m' };
    review.advice = { summary: 'LLM says \u001b[5mblink', elsewhere: [], notes: [] };
    review.rolloutPlan = ['step \u0008\u0008 backspaces'];
    const output = plain(review, { verbose: true });
    // eslint-disable-next-line no-control-regex
    expect(output).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202e]/);
    expect(output).toContain('db/\\x1b]0;pwned\\x07evil.sql:3:1');
    expect(output).toContain('clears \\x1b[2J the screen\\rand \\x9b31m C1, \\u202ereversed');
    expect(output).toContain('fix: fix \\x1b[31mred');
    expect(output).toContain('SELECT 1;\\x1b[0m');
    expect(output).toContain('LLM says \\x1b[5mblink');
    expect(output).toContain('step \\x08\\x08 backspaces');
  });

  it('shows no rollout plan for a safe change', () => {
    expect(renderText(safeReview(), { sources: new Map(), color: false })).not.toContain('Rollout plan');
  });

  it('uses colours only when asked to, and they never change the layout', () => {
    const coloured = renderText(observedReview(), { sources: riskySources(), color: true });
    expect(plain(observedReview())).not.toContain('\u001b[');
    expect(coloured).toContain('\u001b[31merror\u001b[39m');
    expect(stripVTControlCharacters(coloured)).toBe(plain(observedReview()));
  });

  it('renders a finding whose file text is not available without an excerpt', () => {
    const output = renderText(riskyReview(), { sources: new Map(), color: false, verbose: true });
    expect(output).not.toContain(' | ');
    expect(output).toContain('help: Use CREATE INDEX CONCURRENTLY');
  });
});
