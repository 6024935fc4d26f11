import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { defaultConfig, parseConfig } from '../../src/config/load-config.js';
import { createEmbeddedDryRunner } from '../../src/dry-run/embedded-dry-run.js';
import { review } from '../../src/engine/review.js';
import { setAsideNonMigrationSql } from '../../src/engine/changes/set-aside-sql.js';
import type { BaseFile, ChangedFile, FileReview, Review } from '../../src/review-types/index.js';

/**
 * Files in another SQL dialect and full-schema snapshots, through review(): skipped with the
 * reason, never an error, never in the base. Fixtures: test/fixtures/dialects (see its README).
 */

const FIXTURES = join(import.meta.dirname, '../fixtures/dialects');

function readTree(root: string, folder = ''): BaseFile[] {
  return readdirSync(join(root, folder)).flatMap((name) => {
    const path = folder ? `${folder}/${name}` : name;
    return statSync(join(root, path)).isDirectory() ? readTree(root, path) : [{ path, content: readFileSync(join(root, path), 'utf8') }];
  });
}

const added = (files: BaseFile[]): ChangedFile[] => files.map((file) => ({ ...file, status: 'added' }));
const fileAt = (result: Review, path: string): FileReview => result.files.find((file) => file.path === path)!;
const ruleIds = (file: FileReview) => file.findings.map((finding) => finding.ruleId);

describe('files in another SQL dialect', () => {
  it('reviews only the PostgreSQL folder of a repository with db/postgres, db/mysql and db/sqlite', async () => {
    const result = await review({ files: added(readTree(join(FIXTURES, 'polyglot'))), mode: 'paths' }, defaultConfig());
    expect(fileAt(result, 'db/mysql/001_users.sql').skipped).toBe(
      'MySQL dialect (path segment mysql/): not reviewed; dbarch reviews PostgreSQL',
    );
    expect(fileAt(result, 'db/mysql/002_users_email_index.sql').skipped).toMatch(/^MySQL dialect \(path segment mysql\/\)/);
    expect(fileAt(result, 'db/sqlite/002_touch_trigger.sql').skipped).toMatch(/^SQLite dialect \(path segment sqlite\/\)/);
    const skipped = result.files.filter((file) => file.skipped).map((file) => file.path);
    expect(skipped.sort()).toEqual([
      'db/mysql/001_users.sql',
      'db/mysql/002_users_email_index.sql',
      'db/sqlite/001_users.sql',
      'db/sqlite/002_touch_trigger.sql',
      'sql/legacy_import.sql',
    ]);
    // No syntax errors, no prefer-jsonb on MySQL JSON, no transaction-nesting on the trigger's END, no DROP TABLE advice.
    expect(result.findings.every((finding) => finding.path.startsWith('db/postgres/'))).toBe(true);
    // The PostgreSQL file with backticks in a comment and a string is reviewed: the index is on a table created in this change.
    const postgres = fileAt(result, 'db/postgres/002_users_email_index.sql');
    expect(postgres.skipped).toBeUndefined();
    expect(postgres.statements.map((statement) => statement.kind)).toEqual(['CommentStmt', 'IndexStmt']);
    expect(result.stats.filesReviewed).toBe(2);
  });

  it('skips a MySQL file in a neutral path by its backticks, saying where', async () => {
    const [file] = readTree(join(FIXTURES, 'polyglot')).filter((item) => item.path === 'sql/legacy_import.sql');
    const result = await review({ files: added([file!]) }, defaultConfig());
    expect(result.files[0]!.skipped).toBe('MySQL dialect (backtick-quoted identifier at line 2): not reviewed; dbarch reviews PostgreSQL');
    expect(result.findings).toEqual([]);
    expect(result.risk).toBe('safe');
  });

  it('skips a SQLite trigger with a BEGIN … END body in a neutral path instead of reporting transaction-nesting', async () => {
    const trigger = readFileSync(join(FIXTURES, 'polyglot/db/sqlite/002_touch_trigger.sql'), 'utf8');
    const result = await review({ files: added([{ path: 'migrations/002_touch_trigger.sql', content: trigger }]) }, defaultConfig());
    expect(result.files[0]!.skipped).toMatch(/^SQLite dialect \(a trigger body in BEGIN … END .* at line 2\)/);
    expect(result.findings).toEqual([]);
  });

  it('skips ClickHouse migrations next to a Prisma project and reviews the Prisma ones', async () => {
    const tree = readTree(join(FIXTURES, 'prisma-app'));
    const changed = tree.filter((file) => file.path.includes('20240201') || file.path.startsWith('clickhouse/'));
    const base = tree.filter((file) => !changed.includes(file));
    const result = await review({ files: added(changed), baseFiles: base }, defaultConfig());
    expect(fileAt(result, 'clickhouse/migrations/0002_drop_old_scores.up.sql').skipped).toMatch(
      /^ClickHouse dialect \(path segment clickhouse\/\)/,
    );
    expect(fileAt(result, 'clickhouse/migrations/0001_traces.up.sql').skipped).toMatch(/^ClickHouse dialect/);
    // The DROP TABLE of ClickHouse is not described with PostgreSQL locks; the Prisma index on an existing table is.
    expect(result.findings.map((finding) => finding.ruleId)).not.toContain('drop-table');
    const prisma = fileAt(result, 'prisma/migrations/20240201000000_index/migration.sql');
    expect(ruleIds(prisma)).toContain('create-index-non-concurrently');
    expect(result.risk).toBe('downtime');
  });

  it('leaves foreign-dialect and snapshot files out of the base and out of the contents every later stage reads', () => {
    const config = defaultConfig();
    const mysql: ChangedFile = { path: 'db/mysql/002_index.sql', status: 'added', content: 'CREATE INDEX users_id ON users (id);' };
    const { files, changeset } = setAsideNonMigrationSql(
      [{ ...mysql, kind: 'sql-migration' as const }],
      {
        files: [mysql],
        baseFiles: [
          { path: 'db/mysql/001_users.sql', content: 'CREATE TABLE users (id bigint PRIMARY KEY);' },
          { path: 'db/postgres/001_users.sql', content: 'CREATE TABLE users (id bigint PRIMARY KEY);' },
          { path: 'db/postgres/schema.sql', content: '-- PostgreSQL database dump\nCREATE TABLE public.users (id bigint);' },
          { path: 'db/postgres/models.py', content: 'import sqlalchemy\n' },
        ],
      },
      config,
    );
    expect(changeset.baseFiles!.map((file) => file.path)).toEqual(['db/postgres/001_users.sql', 'db/postgres/models.py']);
    // The LLM's request and the dry run's input read the changeset's files: the skipped one has no content there either.
    for (const file of [files[0]!, changeset.files[0]!]) {
      expect(file).toMatchObject({ outOfScope: true });
      expect(file.content).toBeUndefined();
      expect(file.skipReason).toMatch(/^MySQL dialect \(path segment mysql\/\)/);
    }
  });

  it('skips a Prisma migration of a MySQL datasource by its migration_lock.toml', async () => {
    const result = await review(
      {
        files: added([{ path: 'prisma/migrations/01_init/migration.sql', content: 'CREATE TABLE "User" ("id" INTEGER NOT NULL);' }]),
        baseFiles: [{ path: 'prisma/migrations/migration_lock.toml', content: 'provider = "mysql"\n' }],
      },
      defaultConfig(),
    );
    expect(result.files[0]!.skipped).toBe(
      'MySQL dialect (Prisma provider "mysql" in prisma/migrations/migration_lock.toml): not reviewed; dbarch reviews PostgreSQL',
    );
  });

  it('reviews everything as PostgreSQL with migrations.dialect: postgresql, and follows per-path overrides', async () => {
    const files = added([
      { path: 'db/mysql/001_users.sql', content: 'CREATE TABLE users (id bigint PRIMARY KEY, settings json);' },
      { path: 'db/pg/002.sql', content: 'CREATE TABLE t (id bigint PRIMARY KEY);' },
    ]);
    const forced = await review({ files }, parseConfig('migrations:\n  dialect: postgresql\n'));
    expect(forced.files.map((file) => file.skipped)).toEqual([undefined, undefined]);
    expect(ruleIds(fileAt(forced, 'db/mysql/001_users.sql'))).toContain('prefer-jsonb');
    const perPath = await review({ files }, parseConfig('migrations:\n  dialects:\n    "db/pg/**": sqlite\n'));
    expect(fileAt(perPath, 'db/pg/002.sql').skipped).toBe(
      'SQLite dialect (config migrations.dialects "db/pg/**"): not reviewed; dbarch reviews PostgreSQL',
    );
    expect(fileAt(perPath, 'db/mysql/001_users.sql').skipped).toMatch(/^MySQL dialect/);
  });
});

describe('full-schema snapshots beside versioned migrations', () => {
  const tree = readTree(join(FIXTURES, 'snapshot'));
  const content = (path: string) => tree.find((file) => file.path === path)!.content;
  const MIGRATION = 'db/migrations/20240201000000_order_totals.sql';
  const FIRST = 'db/migrations/20240101000000_create_orders.sql';
  // The schema.sql of the base: as dbmate dumped it after the first migration.
  const BASE_SCHEMA = content('db/schema.sql')
    .replace(',\n    total_cents bigint GENERATED ALWAYS AS ((quantity * unit_price_cents)) STORED', ',\n    legacy_code text')
    .replace(",\n    ('20240201000000')", '');

  it('does not let a schema.sql edited in the same change make the tables new', async () => {
    const result = await review(
      {
        files: [
          { path: 'db/schema.sql', status: 'modified', content: content('db/schema.sql'), baseContent: BASE_SCHEMA },
          { path: MIGRATION, status: 'added', content: content(MIGRATION) },
        ],
        baseFiles: [
          { path: FIRST, content: content(FIRST) },
          { path: 'db/schema.sql', content: BASE_SCHEMA },
        ],
      },
      defaultConfig(),
    );
    expect(fileAt(result, 'db/schema.sql').skipped).toMatch(
      /^full-schema snapshot \(pg_dump output: set_config\('search_path', '', false\)\)/,
    );
    const migration = fileAt(result, MIGRATION);
    const byRule = new Map(migration.findings.map((finding) => [finding.ruleId, finding.risk]));
    expect(byRule.get('add-column-rewrite')).toBe('downtime');
    expect(byRule.get('drop-column')).toBe('destructive');
    expect(result.risk).toBe('destructive');
  });

  it('recognises schema.sql by name beside versioned migrations, and not without them', async () => {
    const plain = 'CREATE TABLE orders (id bigint PRIMARY KEY);';
    const beside = await review(
      { files: added([{ path: 'db/schema.sql', content: plain }]), baseFiles: [{ path: FIRST, content: content(FIRST) }] },
      defaultConfig(),
    );
    expect(beside.files[0]!.skipped).toBe(
      `full-schema snapshot (schema.sql, not versioned, beside the versioned migrations under the repository root/ (${FIRST})): ` +
        'not a migration, so neither reviewed as one nor replayed into the base; its tables are not new',
    );
    const alone = await review({ files: added([{ path: 'db/schema.sql', content: plain }]) }, defaultConfig());
    expect(alone.files[0]!.skipped).toBeUndefined();
    const versioned = await review(
      {
        files: added([{ path: 'db/migrations/20240301_schema.sql', content: plain }]),
        baseFiles: [{ path: FIRST, content: content(FIRST) }],
      },
      defaultConfig(),
    );
    expect(versioned.files[0]!.skipped).toBeUndefined();
  });

  it('takes a schema/ folder of unversioned files for snapshots when versioned migrations are elsewhere (sqlc, supabase/schemas)', async () => {
    const files = added([
      {
        path: 'sql/schema/v1-core.sql',
        content: 'CREATE TABLE tasks (id bigint PRIMARY KEY, created_at timestamp);\nALTER TABLE tasks DROP COLUMN created_at;',
      },
      { path: 'cmd/migrate/migrations/20260101000000_v1.sql', content: '-- +goose Up\nALTER TABLE tasks ADD COLUMN note text;' },
    ]);
    const result = await review({ files }, defaultConfig());
    expect(fileAt(result, 'sql/schema/v1-core.sql').skipped).toMatch(
      /^full-schema snapshot \(v1-core\.sql in a schema folder, not versioned/,
    );
    expect(fileAt(result, 'cmd/migrate/migrations/20260101000000_v1.sql').skipped).toBeUndefined();
    // Without versioned migrations, or in a pgpm change folder, the files are the migrations.
    const alone = await review({ files: added([{ path: 'sql/schema/v1-core.sql', content: 'DROP TABLE tasks;' }]) }, defaultConfig());
    expect(alone.files[0]!.skipped).toBeUndefined();
    const pgpm = await review(
      {
        files: added([
          { path: 'deploy/schemas/app/tables/users.sql', content: 'DROP TABLE users;' },
          { path: 'db/migrations/001_init.sql', content: 'SELECT 1;' },
        ]),
      },
      defaultConfig(),
    );
    expect(fileAt(pgpm, 'deploy/schemas/app/tables/users.sql').skipped).toBeUndefined();
  });

  it('takes config schema.snapshots globs, and detection can be turned off', async () => {
    const files = added([{ path: 'db/full.sql', content: 'CREATE TABLE orders (id bigint PRIMARY KEY);' }]);
    const configured = await review({ files }, parseConfig('schema:\n  snapshots: ["db/full.sql"]\n'));
    expect(configured.files[0]!.skipped).toMatch(/^full-schema snapshot \(config schema\.snapshots "db\/full\.sql"\)/);
    const dump = added([{ path: 'db/schema.sql', content: content('db/schema.sql') }]);
    const off = await review({ files: dump }, parseConfig('schema:\n  detect: false\n'));
    expect(off.files[0]!.skipped).toBeUndefined();
  });

  it('keeps a snapshot and a MySQL file of the base out of the dry run: ADD COLUMN IF NOT EXISTS still rewrites', async () => {
    // The snapshot was regenerated before the migration merged, so the base's schema.sql already has the column.
    const result = await review(
      {
        files: [{ path: MIGRATION, status: 'added', content: content(MIGRATION) }],
        baseFiles: [
          { path: FIRST, content: content(FIRST) },
          { path: 'db/schema.sql', content: content('db/schema.sql') },
          { path: 'db/mysql/001_orders.sql', content: 'CREATE TABLE `orders` (`id` BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY);' },
        ],
      },
      defaultConfig(),
      { dryRun: createEmbeddedDryRunner({ timeouts: { statementMs: 5000 } }) },
    );
    expect(result.dryRun?.base).toMatchObject({ files: 1, skipped: 0, built: true });
    const statement = fileAt(result, MIGRATION).statements[0]!;
    expect(statement.rewrites).toEqual(expect.arrayContaining([expect.stringContaining('orders')]));
    const rewrite = fileAt(result, MIGRATION).findings.find((finding) => finding.ruleId === 'add-column-rewrite');
    expect(rewrite).toMatchObject({ risk: 'downtime' });
    expect(rewrite!.message).not.toMatch(/observed no rewrite/);
  }, 120_000);

  it('replays the schema.base dump instead of a squashed history, also when the change regenerates it', async () => {
    const result = await review(
      {
        files: [
          { path: 'db/schema.sql', status: 'modified', content: content('db/schema.sql'), baseContent: BASE_SCHEMA },
          { path: MIGRATION, status: 'added', content: content(MIGRATION) },
        ],
        // Squashed: the migration that created "orders" is gone; the dump is all the base there is.
        baseFiles: [{ path: 'db/schema.sql', content: BASE_SCHEMA }],
      },
      parseConfig('schema:\n  base: db/schema.sql\n'),
      { dryRun: createEmbeddedDryRunner({ timeouts: { statementMs: 5000 } }) },
    );
    expect(fileAt(result, 'db/schema.sql').skipped).toMatch(/^full-schema snapshot \(config schema\.base\)/);
    expect(result.dryRun?.base).toMatchObject({ files: 1, built: true });
    const [addColumn, dropColumn] = fileAt(result, MIGRATION).statements;
    expect(addColumn).toMatchObject({ dryRun: 'ok', risk: 'downtime' });
    expect(addColumn!.rewrites).toEqual(expect.arrayContaining([expect.stringContaining('orders')]));
    expect(dropColumn).toMatchObject({ dryRun: 'ok', risk: 'destructive' });
    expect(dropColumn!.columns).toEqual([
      expect.objectContaining({ table: expect.stringContaining('orders'), column: 'legacy_code', change: 'dropped' }),
    ]);
  }, 120_000);

  it('says so when the schema.base dump is not among the files given', async () => {
    const result = await review(
      { files: added([{ path: MIGRATION, content: content(MIGRATION) }]) },
      parseConfig('schema:\n  base: db/structure.sql\n'),
    );
    expect(result.stats.skipped['schema.base']).toMatch(/^schema\.base db\/structure\.sql is not among the files given/);
  });
});
