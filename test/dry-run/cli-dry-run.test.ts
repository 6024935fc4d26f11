import { afterAll, describe, expect, it } from '@jest/globals';
import { makeTempFolder, removeFolder } from '../collect/temp-folders.js';
import { runCli } from '../cli/run-cli.js';

/**
 * `dbarch review` with its embedded dry run: failures on the base schema fail the review, and the
 * JSON carries what was observed.
 */

const INIT = 'CREATE TABLE users (id int PRIMARY KEY, email varchar(100), created_at timestamptz);\n';
const CHANGE = [
  'ALTER TABLE users ALTER COLUMN email TYPE varchar(200);',
  'ALTER TABLE users ALTER COLUMN id TYPE bigint;',
  'CREATE INDEX users_signup_idx ON users (signed_up_at);',
].join('\n');

let root: string;
afterAll(() => removeFolder(root));

describe('dbarch review with the dry run', () => {
  it('reports a statement that fails on the base, with per-statement locks, rewrites and durations in the JSON', async () => {
    root = makeTempFolder({ 'db/migrations/001_init.sql': INIT, 'db/migrations/002_change.sql': CHANGE });
    const run = await runCli(['review', 'db/migrations/002_change.sql', '--format', 'json', '--no-llm'], { cwd: root });
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(1);
    const review = JSON.parse(run.stdout);
    expect(review.dryRun).toMatchObject({ engine: expect.stringMatching(/PostgreSQL/), base: { files: 1, built: true } });
    const [widen, retype, index] = review.files[0].statements;
    expect(widen).toMatchObject({
      line: 1,
      dryRun: 'ok',
      rewrites: [],
      locks: [{ relation: 'users', mode: 'ACCESS EXCLUSIVE' }],
      durationMs: expect.any(Number),
    });
    expect(retype).toMatchObject({ line: 2, dryRun: 'ok', rewrites: expect.arrayContaining(['users', 'users_pkey']) });
    expect(index).toMatchObject({ line: 3, dryRun: 'failed' });
    expect(review.findings).toContainEqual(
      expect.objectContaining({
        ruleId: 'dry-run-failed',
        source: 'dry-run',
        severity: 'error',
        line: 3,
        message: expect.stringContaining('"signed_up_at" does not exist'),
      }),
    );
  });

  it('says so when turned off with --no-dry-run', async () => {
    const run = await runCli(['review', 'db/migrations/002_change.sql', '--format', 'json', '--no-llm', '--no-dry-run'], { cwd: root });
    const review = JSON.parse(run.stdout);
    expect(review.stats.skipped['dry-run']).toBe('turned off with --no-dry-run');
    expect(review.dryRun).toBeUndefined();
  });
});
