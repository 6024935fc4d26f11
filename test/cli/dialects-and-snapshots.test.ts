import { afterEach, describe, expect, it } from '@jest/globals';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { git, makeGitRepository, makeTempFolder, removeFolder } from '../collect/temp-folders.js';
import { runCli } from './run-cli.js';

/**
 * `dbarch review` on repositories that keep other SQL dialects and a full-schema snapshot beside
 * their PostgreSQL migrations (fixtures: test/fixtures/dialects), with the real engine.
 */

const FIXTURES = join(import.meta.dirname, '../fixtures/dialects');

let root: string;
afterEach(() => removeFolder(root));

function copyFixture(name: string): string {
  const folder = makeTempFolder();
  cpSync(join(FIXTURES, name), folder, { recursive: true });
  return folder;
}

describe('dbarch review on other SQL dialects', () => {
  it('reviews the PostgreSQL folder and says why each MySQL and SQLite file was skipped', async () => {
    root = copyFixture('polyglot');
    const run = await runCli(['review', '--no-dry-run', '--no-llm', '.', '--format', 'json'], { cwd: root });
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    const review = JSON.parse(run.stdout);
    const skipped = Object.fromEntries(
      review.files
        .filter((file: { skipped?: string }) => file.skipped)
        .map((file: { path: string; skipped: string }) => [file.path, file.skipped]),
    );
    expect(skipped).toEqual({
      'db/mysql/001_users.sql': 'MySQL dialect (path segment mysql/): not reviewed; dbarch reviews PostgreSQL',
      'db/mysql/002_users_email_index.sql': 'MySQL dialect (path segment mysql/): not reviewed; dbarch reviews PostgreSQL',
      'db/sqlite/001_users.sql': 'SQLite dialect (path segment sqlite/): not reviewed; dbarch reviews PostgreSQL',
      'db/sqlite/002_touch_trigger.sql': 'SQLite dialect (path segment sqlite/): not reviewed; dbarch reviews PostgreSQL',
      'sql/legacy_import.sql': 'MySQL dialect (backtick-quoted identifier at line 2): not reviewed; dbarch reviews PostgreSQL',
    });
    expect(review.findings).toEqual([]);
    expect(review.stats.filesReviewed).toBe(2);
  });

  it('shows the reason in the text output', async () => {
    root = copyFixture('polyglot');
    const run = await runCli(['review', '--no-dry-run', '--no-llm', 'sql/legacy_import.sql'], { cwd: root });
    expect(run.exitCode).toBe(0);
    // The text report wraps to the terminal width: compare with runs of whitespace as one space.
    expect(run.stdout.replace(/\s+/g, ' ')).toContain(
      'MySQL dialect (backtick-quoted identifier at line 2): not reviewed; dbarch reviews PostgreSQL',
    );
    expect(run.stdout).not.toContain('syntax-error');
  });
});

describe('dbarch review --base with a schema.sql regenerated in the same change', () => {
  it('still fails the stored generated column and the DROP COLUMN of the real migration', async () => {
    const snapshot = join(FIXTURES, 'snapshot');
    const first = 'db/migrations/20240101000000_create_orders.sql';
    const second = 'db/migrations/20240201000000_order_totals.sql';
    const headSchema = readFileSync(join(snapshot, 'db/schema.sql'), 'utf8');
    const baseSchema = headSchema
      .replace(',\n    total_cents bigint GENERATED ALWAYS AS ((quantity * unit_price_cents)) STORED', ',\n    legacy_code text')
      .replace(",\n    ('20240201000000')", '');
    root = makeGitRepository({ [first]: readFileSync(join(snapshot, first), 'utf8'), 'db/schema.sql': baseSchema });
    writeFileSync(join(root, 'db/schema.sql'), headSchema);
    cpSync(join(snapshot, second), join(root, second));
    git(root, 'add', '--all');
    const run = await runCli(['review', '--no-dry-run', '--no-llm', '--base', 'main', '--format', 'json'], { cwd: root });
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(1);
    const review = JSON.parse(run.stdout);
    const schema = review.files.find((file: { path: string }) => file.path === 'db/schema.sql');
    expect(schema.skipped).toMatch(/^full-schema snapshot \(pg_dump output/);
    const risks = Object.fromEntries(
      review.findings
        .filter((finding: { path: string }) => finding.path === second)
        .map((finding: { ruleId: string; risk: string }) => [finding.ruleId, finding.risk]),
    );
    expect(risks).toMatchObject({ 'add-column-rewrite': 'downtime', 'drop-column': 'destructive' });
    expect(review.risk).toBe('destructive');
  });
});
