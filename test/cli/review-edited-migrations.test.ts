import { afterEach, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { EDITED_FIXTURES, readTree } from '../engine/edited-fixtures.js';
import { makeGitRepository, removeFolder, writeFiles } from '../collect/temp-folders.js';
import { runCli } from './run-cli.js';

/**
 * `dbarch review --base main` on a temporary git repository: the base commit holds a fixture's
 * `base/` tree, the working tree its head version (test/fixtures/edited-migrations/<case>/), so the
 * changeset is built by the real git collector.
 */

interface JsonFinding {
  ruleId: string;
  severity: string;
}
interface JsonReview {
  risk: string;
  files: { path: string; risk: string; skipped?: string; statements: { unchanged?: boolean; dryRun?: string }[] }[];
  findings: JsonFinding[];
  dryRun?: { base: { files: number; built: boolean } };
}

let root: string | undefined;
afterEach(() => {
  if (root) removeFolder(root);
  root = undefined;
});

async function reviewFixture(name: string, head = 'head', options: string[] = ['--no-dry-run']) {
  root = makeGitRepository(Object.fromEntries(readTree(join(EDITED_FIXTURES, name, 'base'))));
  writeFiles(root, Object.fromEntries(readTree(join(EDITED_FIXTURES, name, head))));
  const run = await runCli(['review', '--base', 'main', '--format', 'json', '--no-llm', ...options], { cwd: root });
  expect(run.stderr).toBe('');
  return { exitCode: run.exitCode, review: JSON.parse(run.stdout) as JsonReview };
}

const ruleIds = (review: JsonReview) => review.findings.map((finding) => finding.ruleId);

/** PGlite starts in a worker: a few seconds on a busy machine. */
const DRY_RUN_TIMEOUT_MS = 120_000;

describe('dbarch review --base with edited applied migrations', () => {
  it.each([
    ['golang-migrate', 'two lines deleted'],
    ['flyway', 'a checksum restored'],
    ['prisma', 'statements added on the table the file creates'],
  ])('%s (%s): one warning, safe, exit 0', async (name) => {
    const { exitCode, review } = await reviewFixture(name);
    expect(ruleIds(review)).toEqual(['edited-applied-migration']);
    expect(review.risk).toBe('safe');
    expect(exitCode).toBe(0);
  });

  it.each(['reformatted', 'import-change'])('an Alembic revision %s: nothing at all', async (head) => {
    const { exitCode, review } = await reviewFixture('alembic', head);
    expect(review.files.map((file) => file.path)).toEqual(['alembic/versions/3f2a_create_orders.py']);
    expect(review.findings).toEqual([]);
    expect(exitCode).toBe(0);
  });

  it('an Alembic revision with a new destructive operation still fails', async () => {
    const { exitCode, review } = await reviewFixture('alembic', 'op-change');
    expect(ruleIds(review)).toEqual(expect.arrayContaining(['edited-applied-migration', 'drop-column']));
    expect(ruleIds(review)).not.toContain('drop-table');
    expect(review.risk).toBe('destructive');
    expect(exitCode).toBe(1);
  });

  it(
    'with the dry run: the edited Prisma migration runs whole on the base without its old version',
    async () => {
      const { exitCode, review } = await reviewFixture('prisma', 'head', []);
      expect(review.dryRun?.base).toMatchObject({ files: 1, built: true });
      const statements = review.files[0]!.statements;
      expect(statements.map((statement) => [statement.unchanged ?? false, statement.dryRun])).toEqual([
        [true, 'ok'],
        [true, 'ok'],
        [false, 'ok'],
        [false, 'ok'],
      ]);
      expect(ruleIds(review)).toEqual(['edited-applied-migration']);
      expect(exitCode).toBe(0);
    },
    DRY_RUN_TIMEOUT_MS,
  );
});

describe('dbarch review --base with rollback scripts', () => {
  it(
    'Diesel: the new down.sql is skipped, the base replays up.sql only, and the add-column PR is safe',
    async () => {
      const { exitCode, review } = await reviewFixture('diesel', 'head', []);
      const byPath = new Map(review.files.map((file) => [file.path, file]));
      expect(byPath.get('migrations/2024-02-01-090000_add_email/down.sql')!.skipped).toMatch(/^rollback script/);
      const up = byPath.get('migrations/2024-02-01-090000_add_email/up.sql')!;
      expect(up.statements.map((statement) => statement.dryRun)).toEqual(['ok']);
      // One base file: create_users/up.sql; its down.sql (DROP TABLE users) is not replayed.
      expect(review.dryRun?.base).toMatchObject({ files: 1, built: true });
      expect(review.findings.filter((finding) => finding.severity !== 'notice')).toEqual([]);
      expect(review.risk).toBe('safe');
      expect(exitCode).toBe(0);
    },
    DRY_RUN_TIMEOUT_MS,
  );
});
