import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { defaultConfig, parseConfig } from '../../src/config/load-config.js';
import { createEmbeddedDryRunner } from '../../src/dry-run/embedded-dry-run.js';
import { review } from '../../src/engine/review.js';
import type { BaseFile, ChangedFile, Review } from '../../src/review-types/index.js';

/**
 * Files a path glob takes for migrations that are none, seen on real histories: sqlc query files
 * beside the migrations (hatchet), and Alembic revisions kept per database in
 * `versions/postgresql/` and `versions/sqlite/` (prefect).
 */

const added = (path: string, content: string): ChangedFile => ({ path, status: 'added', content });

const FIXTURES = join(import.meta.dirname, '../fixtures/not-migrations');

function readTree(root: string, folder = ''): BaseFile[] {
  return readdirSync(join(root, folder)).flatMap((name) => {
    const path = folder ? `${folder}/${name}` : name;
    return statSync(join(root, path)).isDirectory() ? readTree(root, path) : [{ path, content: readFileSync(join(root, path), 'utf8') }];
  });
}

/** The fixture repository with the files whose path passes `isBase` as the base, the others added by the change. */
async function reviewFixture(
  name: string,
  isBase: (path: string) => boolean,
  config = defaultConfig(),
  keep: (path: string) => boolean = () => true,
): Promise<Review> {
  const tree = readTree(join(FIXTURES, name)).filter((file) => file.path.endsWith('.sql') && keep(file.path));
  const files = tree.filter((file) => !isBase(file.path)).map((file): ChangedFile => ({ ...file, status: 'added' }));
  return review({ files, baseFiles: tree.filter((file) => isBase(file.path)), mode: 'diff' }, config, {
    dryRun: createEmbeddedDryRunner({ timeouts: { statementMs: 3000 } }),
  });
}

const skippedOf = (result: Review) => Object.fromEntries(result.files.map((file) => [file.path, file.skipped]));

describe('sqlc query files', () => {
  it('are skipped with the reason, not reviewed as migrations', async () => {
    const queries = [
      '-- name: ListTasks :many',
      'SELECT * FROM tasks WHERE tenant_id = $1;',
      '',
      '-- name: ResetTasks :exec',
      'UPDATE tasks SET status = NULL;',
      'DELETE FROM tasks;',
    ].join('\n');
    const result = await review({ files: [added('pkg/repository/sqlc/tasks.sql', queries)] }, defaultConfig());
    expect(result.files[0]!.skipped).toBe(
      'sqlc query file (`-- name: ListTasks :many` at line 1): queries the application runs, not a migration',
    );
    expect(result.findings).toEqual([]);
    expect(result.risk).toBe('safe');
  });

  it('a migration that mentions "name:" in a comment is still reviewed', async () => {
    const result = await review(
      { files: [added('db/migrations/002_drop.sql', '-- name: cleanup\nDROP TABLE legacy;\n')] },
      defaultConfig(),
    );
    expect(result.files[0]!.skipped).toBeUndefined();
    expect(result.risk).toBe('destructive');
  });
});

describe('Alembic revisions per database', () => {
  const revision = (id: string, down: string | null, body: string) =>
    [
      `revision = "${id}"`,
      `down_revision = ${down === null ? 'None' : `"${down}"`}`,
      'from alembic import op',
      '',
      'def upgrade():',
      `    ${body}`,
      '',
      'def downgrade():',
      '    pass',
      '',
    ].join('\n');

  it('reviews versions/postgresql/ (nested under versions/) and skips versions/sqlite/ with the reason', async () => {
    const root = 'src/app/database/_migrations/versions';
    const result = await review(
      {
        files: [
          added(`${root}/postgresql/2026_01_02_b2_drop.py`, revision('b2', 'b1', 'op.drop_column("flow_run", "legacy")')),
          added(`${root}/sqlite/2026_01_02_c2_drop.py`, revision('c2', 'c1', 'op.drop_column("flow_run", "legacy")')),
        ],
        baseFiles: [
          {
            path: `${root}/postgresql/2026_01_01_b1_init.py`,
            content: revision('b1', null, 'op.execute("CREATE TABLE flow_run (id int, legacy text)")'),
          },
          {
            path: `${root}/sqlite/2026_01_01_c1_init.py`,
            content: revision('c1', null, 'op.execute("CREATE TABLE flow_run (id int, legacy text)")'),
          },
        ],
      },
      defaultConfig(),
    );
    const postgres = result.files.find((file) => file.path.includes('/postgresql/'))!;
    const sqlite = result.files.find((file) => file.path.includes('/sqlite/'))!;
    expect(postgres.kind).toBe('alembic');
    expect(postgres.findings.map((finding) => finding.ruleId)).toContain('drop-column');
    expect(sqlite.skipped).toMatch(/^SQLite dialect \(path segment sqlite\/\): an Alembic revision for another database/);
    expect(sqlite.findings).toEqual([]);
  });
});

describe('SQL in test folders (test/fixtures/not-migrations/go-service)', () => {
  const BASE = 'db/migrations/20240101000000_accounts.up.sql';

  it("skips test data and a test stub's own history with the reason: no findings, no dry-run failure", async () => {
    const result = await reviewFixture('go-service', (path) => path === BASE);
    expect(skippedOf(result)).toEqual({
      'db/migratest/testdata/20240101000000_testdata.sql': expect.stringMatching(/^in a test folder \(testdata\/\): test data or fixtures/),
      'db/migrations/20240301000000_account_names.up.sql': undefined,
      'internal/stub/migrations/20240101000000_accounts.up.sql': expect.stringMatching(/^in a test folder \(stub\/\)/),
    });
    expect(result.findings.filter((finding) => finding.severity !== 'notice')).toEqual([]);
    expect(result.risk).toBe('safe');
  });

  it('reviews them when the sql-migration globs of the config name them', async () => {
    const config = parseConfig("paths:\n  sql-migration: ['**/*.sql']\n");
    const result = await reviewFixture('go-service', (path) => path === BASE, config);
    expect(skippedOf(result)['db/migratest/testdata/20240101000000_testdata.sql']).toBeUndefined();
    // The inserted row lacks org_id: on the replayed base that is the file's own failure.
    expect(result.findings.map((finding) => finding.ruleId)).toContain('dry-run-failed');
  });
});

describe('popx: a generic migration that a .postgres. file of its version replaces (test/fixtures/not-migrations/popx)', () => {
  const BASE = 'persistence/migrations/20240101000000000000_accounts.up.sql';

  it('runs only the PostgreSQL file of the version, as popx does, so ADD COLUMN is not run twice', async () => {
    const result = await reviewFixture('popx', (path) => path === BASE);
    const folder = 'persistence/migrations/';
    expect(skippedOf(result)).toEqual({
      [`${folder}20240201000000000000_add_locale.mysql.up.sql`]: expect.stringMatching(/^MySQL dialect/),
      [`${folder}20240201000000000000_add_locale.postgres.up.sql`]: undefined,
      [`${folder}20240201000000000000_add_locale.up.sql`]:
        'generic migration replaced on PostgreSQL by 20240201000000000000_add_locale.postgres.up.sql of the same version (popx runs only the best match for the database): it never runs there',
    });
    expect(result.findings.filter((finding) => finding.ruleId === 'dry-run-failed')).toEqual([]);
    expect(result.files.find((file) => file.path.endsWith('.postgres.up.sql'))!.statements[0]).toMatchObject({ dryRun: 'ok' });
  });

  it('keeps a generic migration that has no PostgreSQL file of its own', async () => {
    const generic = 'persistence/migrations/20240201000000000000_add_locale.up.sql';
    const result = await reviewFixture(
      'popx',
      (path) => path === BASE,
      defaultConfig(),
      (path) => path === BASE || path === generic,
    );
    expect(skippedOf(result)).toEqual({ [generic]: undefined });
  });
});
