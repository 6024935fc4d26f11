import { describe, expect, it } from '@jest/globals';
import rule from '../../src/rules/concurrently-in-transaction.js';
import { lintSql } from '../helpers/lint-sql.js';

const lint = (sql: string, options: Parameters<typeof lintSql>[1] = {}) => lintSql(sql, { ...options, rules: [rule] });

describe('concurrently-in-transaction', () => {
  it('underlines CONCURRENTLY inside BEGIN … COMMIT and says the statement fails', async () => {
    const sql = 'BEGIN;\nCREATE INDEX\n  CONCURRENTLY orders_status_idx ON orders (status);\nCOMMIT;';
    const [finding] = await lint(sql);
    expect(finding).toMatchObject({ line: 3, column: 3, endLine: 3, endColumn: 15, risk: 'safe', severity: 'error' });
    expect(finding!.message).toMatchInlineSnapshot(
      `"CREATE INDEX CONCURRENTLY cannot run inside a transaction block, and here it runs between BEGIN and COMMIT: PostgreSQL refuses the statement and the migration fails at this point. Move it out of the BEGIN … COMMIT block and run it on its own."`,
    );
  });

  it('covers DROP INDEX, REINDEX and DETACH PARTITION CONCURRENTLY', async () => {
    const sql = [
      'BEGIN;',
      'DROP INDEX CONCURRENTLY a_idx;',
      'REINDEX (CONCURRENTLY) TABLE orders;',
      'ALTER TABLE measurements DETACH PARTITION m2019 CONCURRENTLY;',
      'COMMIT;',
    ].join('\n');
    const findings = await lint(sql);
    expect(findings.map((finding) => finding.message.split(' cannot')[0])).toEqual([
      'DROP INDEX CONCURRENTLY',
      'REINDEX … CONCURRENTLY',
      'DETACH PARTITION … CONCURRENTLY',
    ]);
    expect(findings.map((finding) => finding.line)).toEqual([2, 3, 4]);
  });

  it('is quiet outside a transaction block, including after COMMIT', async () => {
    expect(await lint('CREATE INDEX CONCURRENTLY a_idx ON orders (a);')).toEqual([]);
    expect(await lint('BEGIN;\nALTER TABLE orders ADD COLUMN a int;\nCOMMIT;\nCREATE INDEX CONCURRENTLY a_idx ON orders (a);')).toEqual([]);
  });

  it('gives each tool its own way out of the transaction', async () => {
    const statement = 'ALTER TABLE orders ADD COLUMN a int;\nCREATE INDEX CONCURRENTLY a_idx ON orders (a);';
    const messageFor = async (options: Parameters<typeof lintSql>[1]) => (await lint(statement, options))[0]?.message ?? '';
    expect(await messageFor({ tool: 'prisma', path: 'prisma/migrations/1_x/migration.sql' })).toContain(
      'a migration of its own that contains nothing else',
    );
    expect(await messageFor({ tool: 'flyway', path: 'db/V2__x.sql' })).toContain('executeInTransaction=false');
    expect(await messageFor({ tool: 'alembic', path: 'alembic/versions/1_x.py' })).toContain('autocommit_block');
    expect(await messageFor({ tool: 'dbmate', path: 'db/migrations/1_x.sql' })).toContain('-- migrate:up transaction:false');
    expect(await messageFor({ tool: 'golang-migrate', path: 'migrations/1_x.up.sql' })).toContain('x-multi-statement=true');
  });

  it('knows a single-statement Prisma migration runs without a transaction', async () => {
    expect(
      await lint('CREATE INDEX CONCURRENTLY a_idx ON orders (a);', { tool: 'prisma', path: 'prisma/migrations/1_x/migration.sql' }),
    ).toEqual([]);
  });

  it('lets Flyway run a migration made only of CREATE/DROP INDEX CONCURRENTLY, but not mixed ones or REINDEX', async () => {
    const flyway = { tool: 'flyway' as const, path: 'db/V2__x.sql' };
    expect(await lint('CREATE UNIQUE INDEX CONCURRENTLY a_key ON orders (a);\nDROP INDEX CONCURRENTLY old_idx;', flyway)).toEqual([]);
    expect(await lint('SET lock_timeout = 0;\nCREATE INDEX CONCURRENTLY a_idx ON orders (a);', flyway)).toHaveLength(1);
    expect(await lint('REINDEX INDEX CONCURRENTLY a_idx;', flyway)).toHaveLength(1);
    expect(await lint('BEGIN;\nCREATE INDEX CONCURRENTLY a_idx ON orders (a);\nCOMMIT;', flyway)).toHaveLength(1);
  });

  it('knows golang-migrate and dbmate send a file as one query string, which PostgreSQL runs as one transaction', async () => {
    const golang = { tool: 'golang-migrate' as const, path: 'migrations/1_x.up.sql' };
    expect(await lint('CREATE INDEX CONCURRENTLY a_idx ON orders (a);', golang)).toEqual([]);
    const [finding] = await lint('CREATE INDEX CONCURRENTLY a_idx ON orders (a);\nCREATE INDEX CONCURRENTLY b_idx ON orders (b);', golang);
    expect(finding!.message).toContain("golang-migrate sends the file's 2 statements as one query string");
    const dbmate = { tool: 'dbmate' as const, path: 'db/migrations/1_x.sql' };
    const single =
      '-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY a_idx ON orders (a);\n-- migrate:down\nDROP INDEX CONCURRENTLY a_idx;\n';
    expect(await lint(single, dbmate)).toEqual([]);
    const double =
      '-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY a_idx ON orders (a);\nCREATE INDEX CONCURRENTLY b_idx ON orders (b);\n';
    expect(await lint(double, dbmate)).toHaveLength(2);
  });

  it('follows the configured transaction mode', async () => {
    expect(await lint('CREATE INDEX CONCURRENTLY a_idx ON orders (a);', { implicitTransaction: true })).toHaveLength(1);
  });
});
