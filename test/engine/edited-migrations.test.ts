import { beforeAll, describe, expect, it } from '@jest/globals';
import { defaultConfig } from '../../src/config/load-config.js';
import { readBase } from '../../src/engine/base/read-base.js';
import { classifyChanges } from '../../src/engine/changes/classify-changes.js';
import { dryRunBase, dryRunInput } from '../../src/engine/evidence/dry-run-input.js';
import { review } from '../../src/engine/review.js';
import type { Changeset, Review } from '../../src/review-types/index.js';
import { loadSqlParser } from '../../src/parse/sql/parse-sql.js';
import { fixtureChangeset } from './edited-fixtures.js';

/**
 * "Review the change, not the file": edited applied migrations get one finding and only their
 * changed statements are reviewed; rollback scripts are never forward migrations; rules and the
 * dry run start from one base. Fixtures: test/fixtures/edited-migrations/<case>/{base,head}.
 */

const config = defaultConfig();
/** The base snapshot review() reads in its steps 1 and 2. */
const baseOf = (changeset: Changeset) => {
  const classified = classifyChanges(changeset, config);
  return readBase(classified.changeset, classified.baseFiles, { appliedFacts: false });
};
const ruleIds = (result: Review) => result.findings.map((finding) => finding.ruleId);
/** Warnings and errors: what a reviewer must act on (hygiene notices such as lock-timeout-missing left out). */
const actionable = (result: Review) =>
  result.findings
    .filter((finding) => finding.severity !== 'notice')
    .map((finding) => finding.ruleId)
    .sort();

beforeAll(() => loadSqlParser());

describe('an edited applied SQL migration', () => {
  it('golang-migrate, two lines deleted: one notice (it keeps no checksum), no statement reviewed again, safe', async () => {
    const result = await review(fixtureChangeset('golang-migrate'), config);
    expect(result.files.map((file) => file.path)).toEqual(['db/migrations/000001_create_accounts.up.sql']);
    expect(ruleIds(result)).toEqual(['edited-applied-migration']);
    expect(result.findings[0]).toMatchObject({ severity: 'notice', risk: 'safe', line: 1 });
    expect(result.findings[0]!.message).toContain('no statement changed');
    // A formatting edit changes no schema: the message must not say the schemas drift apart.
    expect(result.findings[0]!.message).not.toContain('drift');
    expect(result.findings[0]!.message).toContain('golang-migrate keeps no checksum of applied migrations, so nothing breaks');
    expect(result.risk).toBe('safe');
    expect(result.files[0]!.statements.map((statement) => [statement.kind, statement.unchanged, statement.risk])).toEqual([
      ['CreateStmt', true, 'safe'],
      ['InsertStmt', true, 'safe'],
      ['DropStmt', true, 'safe'],
      ['IndexStmt', true, 'safe'],
    ]);
  });

  it('gives the same review when the adapter sends no baseContent and the base files hold the old version (GitHub)', async () => {
    const result = await review(fixtureChangeset('golang-migrate', { baseContent: false }), config);
    expect(ruleIds(result)).toEqual(['edited-applied-migration']);
    expect(result.risk).toBe('safe');
  });

  it('Flyway checksum restore (a comment and a blank line): only the warning, the unchanged DROP COLUMN is not destructive', async () => {
    const result = await review(fixtureChangeset('flyway'), config);
    expect(ruleIds(result)).toEqual(['edited-applied-migration']);
    expect(result.files[0]).toMatchObject({ tool: 'flyway', risk: 'safe' });
    expect(result.findings[0]).toMatchObject({ severity: 'warning' });
    expect(result.findings[0]!.message).toContain('Flyway keeps a checksum of every applied migration and refuses to migrate');
  });

  it('Prisma migration.sql with statements added: the new ones are reviewed on the table the file itself created', async () => {
    const result = await review(fixtureChangeset('prisma'), config);
    const file = result.files[0]!;
    expect(file.kind).toBe('prisma-migration');
    // "Post" is created at line 2 of this very file: for the rules it is new, as in the dry run,
    // so building an index and SET NOT NULL on it block nothing.
    expect(ruleIds(result)).toEqual(['edited-applied-migration']);
    expect(result.findings[0]).toMatchObject({ line: 13 });
    expect(result.findings[0]!.message).toContain('2 statements new or altered from line 13');
    expect(file.statements.map((statement) => statement.unchanged ?? false)).toEqual([true, true, false, false]);
    expect(result.risk).toBe('safe');
  });

  it('reviews a changed statement as new: a destructive edit is still destructive', async () => {
    const changeset: Changeset = {
      files: [
        {
          path: 'db/migrations/001_init.sql',
          status: 'modified',
          baseContent: 'CREATE TABLE accounts (id bigint PRIMARY KEY);\n',
          content: 'CREATE TABLE accounts (id bigint PRIMARY KEY);\nDROP TABLE sessions;\n',
        },
      ],
      baseFiles: [{ path: 'db/migrations/001_init.sql', content: 'CREATE TABLE accounts (id bigint PRIMARY KEY);\n' }],
    };
    const result = await review(changeset, config);
    expect(actionable(result)).toEqual(['drop-table', 'edited-applied-migration']);
    expect(result.findings.find((finding) => finding.ruleId === 'edited-applied-migration')).toMatchObject({ line: 2 });
    expect(result.risk).toBe('destructive');
  });

  it('a table the edited file creates early is new for its later statements, though the base had the old version', async () => {
    const before = 'CREATE TABLE users (id bigint PRIMARY KEY);\nCREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint);\n';
    const changeset: Changeset = {
      files: [
        {
          path: 'db/migrations/002_orders.sql',
          status: 'modified',
          baseContent: before,
          content: `${before}CREATE INDEX orders_user_id_idx ON orders (user_id);\n`,
        },
      ],
      baseFiles: [
        { path: 'db/migrations/001_users.sql', content: 'CREATE TABLE accounts (id bigint PRIMARY KEY);\n' },
        { path: 'db/migrations/002_orders.sql', content: before },
      ],
    };
    const result = await review(changeset, config);
    expect(ruleIds(result)).toEqual(['edited-applied-migration']);
    expect(result.files[0]!.statements.map((statement) => statement.unchanged ?? false)).toEqual([true, true, false]);
  });

  it('a renamed migration with its base content is an edited applied migration', async () => {
    const content = 'ALTER TABLE customers DROP COLUMN fax;\n';
    const result = await review(
      {
        files: [{ path: 'db/migration/V2__drop_fax.sql', previousPath: 'db/migration/V1_1__drop_fax.sql', status: 'renamed', content }],
        baseFiles: [{ path: 'db/migration/V1_1__drop_fax.sql', content }],
      },
      config,
    );
    expect(ruleIds(result)).toEqual(['edited-applied-migration']);
    expect(result.risk).toBe('safe');
  });

  it('reviews every statement when the base version cannot be read, and says so', async () => {
    const result = await review(
      { files: [{ path: 'db/migrations/003_x.sql', status: 'modified', content: 'ALTER TABLE customers DROP COLUMN fax;\n' }] },
      config,
    );
    expect(actionable(result)).toEqual(['drop-column', 'edited-applied-migration']);
    expect(result.findings.find((finding) => finding.ruleId === 'edited-applied-migration')!.message).toContain('could not be read');
    expect(result.risk).toBe('destructive');
  });

  it('a dbarch-ignore on an unchanged statement is not reported as unused', async () => {
    const before = '-- dbarch-ignore drop-column: the column was never written\nALTER TABLE customers DROP COLUMN fax;\n';
    const result = await review(
      {
        files: [{ path: 'db/migrations/004_x.sql', status: 'modified', baseContent: before, content: `${before}\n` + '-- reformatted\n' }],
      },
      config,
    );
    expect(ruleIds(result)).toEqual(['edited-applied-migration']);
  });

  it('added files are reviewed whole, as before', async () => {
    const result = await review(
      { files: [{ path: 'db/migrations/005_x.sql', status: 'added', content: 'ALTER TABLE customers DROP COLUMN fax;\n' }] },
      config,
    );
    expect(actionable(result)).toEqual(['drop-column']);
  });
});

describe('an edited repeatable script', () => {
  it.each(['db/migration/R__order_views.sql', 'crates/db/replaceable_schema/triggers.sql'])(
    '%s gets no edited-applied-migration finding; its changed statements are reviewed',
    async (path) => {
      const before = 'CREATE OR REPLACE VIEW order_totals AS SELECT 1 AS total;\n';
      const after = `${before}CREATE INDEX orders_total_idx ON orders (total);\n`;
      const result = await review(
        {
          files: [{ path, status: 'modified', content: after, baseContent: before }],
          baseFiles: [
            { path: 'db/migration/V1__orders.sql', content: 'CREATE TABLE orders (id bigint PRIMARY KEY, total int);\n' },
            { path, content: before },
          ],
        },
        config,
      );
      expect(ruleIds(result)).not.toContain('edited-applied-migration');
      expect(actionable(result)).toContain('create-index-non-concurrently');
    },
  );
});

describe('an edited applied Alembic revision', () => {
  it.each(['reformatted', 'import-change'])('%s: the same operations, so nothing at all', async (head) => {
    const result = await review(fixtureChangeset('alembic', { head }), config);
    expect(result.files.map((file) => [file.path, file.kind])).toEqual([['alembic/versions/3f2a_create_orders.py', 'alembic']]);
    expect(result.findings).toEqual([]);
    expect(result.risk).toBe('safe');
    expect(result.files[0]!.statements.every((statement) => statement.unchanged)).toBe(true);
  });

  it('changed operations: the warning, and only the new operations are reviewed', async () => {
    const result = await review(fixtureChangeset('alembic', { head: 'op-change' }), config);
    // The unchanged drop_table("orders_legacy") (line 20) is not reported again; the index is on
    // the table the revision itself creates; the new drop_column on customers is destructive.
    const file = result.files[0]!;
    expect(file.statements.map((statement) => [statement.line, statement.unchanged ?? false])).toEqual([
      [14, false],
      [20, true],
      [21, false],
      [22, false],
    ]);
    expect(result.findings.filter((finding) => finding.line === 20 || finding.line === 21)).toEqual([]);
    expect(ruleIds(result)).toContain('drop-column');
    expect(ruleIds(result)).not.toContain('drop-table');
    const edited = result.findings.find((finding) => finding.ruleId === 'edited-applied-migration')!;
    expect(edited).toMatchObject({ line: 14, severity: 'warning', risk: 'safe' });
    expect(edited.message).toContain('Alembic never runs a revision again');
    expect(edited.message).toContain('3 statements new or altered from line 14');
    expect(edited.message).toContain('1 statement of the applied version removed or replaced');
    expect(result.risk).toBe('destructive');
  });
});

describe('rollback scripts', () => {
  it('Diesel: down.sql is skipped with the reason, up.sql is a Diesel migration run in a transaction', async () => {
    const result = await review(fixtureChangeset('diesel'), config);
    const byPath = new Map(result.files.map((file) => [file.path, file]));
    expect(byPath.get('migrations/2024-02-01-090000_add_email/down.sql')!.skipped).toBe(
      'rollback script (down.sql beside up.sql): runs only on rollback',
    );
    const up = byPath.get('migrations/2024-02-01-090000_add_email/up.sql')!;
    expect(up).toMatchObject({ tool: 'diesel', risk: 'safe' });
    expect(up.statements[0]).toMatchObject({ kind: 'AlterTableStmt', inTransaction: true });
    expect(result.findings.filter((finding) => finding.risk !== 'safe')).toEqual([]);
    expect(result.risk).toBe('safe');
  });

  it('are never part of the base: not for the rules, not for the dry run', () => {
    const changeset = fixtureChangeset('diesel');
    const snapshot = baseOf(changeset);
    const base = snapshot.migrations.map((file) => file.path);
    expect(base).toEqual(['migrations/2024-01-10-120000_create_users/up.sql']);
    const input = dryRunInput(changeset, dryRunBase(changeset, snapshot.beforeChange), []);
    expect(input.base.map((file) => file.path)).toEqual(base);
  });

  it('golang-migrate .down.sql, sqitch revert/, Flyway U…__ and dbmate down-only files are left out of the base', () => {
    const changeset: Changeset = {
      files: [],
      baseFiles: [
        { path: 'db/migrations/000001_a.up.sql', content: 'CREATE TABLE a (id int);' },
        { path: 'db/migrations/000001_a.down.sql', content: 'DROP TABLE a;' },
        { path: 'sqitch/deploy/b.sql', content: 'CREATE TABLE b (id int);' },
        { path: 'sqitch/revert/b.sql', content: 'DROP TABLE b;' },
        { path: 'flyway/V1__c.sql', content: 'CREATE TABLE c (id int);' },
        { path: 'flyway/U1__c.sql', content: 'DROP TABLE c;' },
        { path: 'dbmate/20240101_d_down.sql', content: '-- migrate:down\nDROP TABLE d;\n' },
      ],
    };
    expect(baseOf(changeset).beforeChange.map((file) => file.path)).toEqual([
      'db/migrations/000001_a.up.sql',
      'flyway/V1__c.sql',
      'sqitch/deploy/b.sql',
    ]);
  });
});

describe('one base for the rules and the dry run', () => {
  it('leaves out the old version of an edited file for both, in the tool order', () => {
    const changeset = fixtureChangeset('prisma');
    const snapshot = baseOf(changeset);
    const list = snapshot.migrations;
    expect(list.map((file) => [file.path, file.changed])).toEqual([
      ['prisma/migrations/20240101000000_drafts/migration.sql', false],
      ['prisma/migrations/20240105120000_init/migration.sql', true],
    ]);
    const before = snapshot.beforeChange;
    expect(before.map((file) => file.path)).toEqual(['prisma/migrations/20240101000000_drafts/migration.sql']);
    expect(dryRunInput(changeset, dryRunBase(changeset, before), []).base).toEqual(before);
    // The rules start from the same migrations: the edited file's old tables are not in their facts.
    expect([...snapshot.facts.tables.keys()]).toEqual(['Draft']);
  });
});
