import { describe, expect, it } from '@jest/globals';
import rule from '../../src/rules/create-index-non-concurrently.js';
import { applyFix, syntaxErrors } from '../helpers/apply-fix.js';
import { lintSql } from '../helpers/lint-sql.js';

const lint = (sql: string, options: Parameters<typeof lintSql>[1] = {}) => lintSql(sql, { ...options, rules: [rule] });

describe('create-index-non-concurrently', () => {
  it('underlines the whole statement of a multi-line CREATE INDEX and reports downtime', async () => {
    const sql = 'ALTER TABLE orders ADD COLUMN note text;\n\nCREATE INDEX orders_note_idx\n  ON orders (note);\n';
    const [finding] = await lint(sql);
    expect(finding).toMatchObject({ line: 3, column: 1, endLine: 4, endColumn: 19, risk: 'downtime', severity: 'error' });
    expect(finding!.message).toMatchInlineSnapshot(
      `"CREATE INDEX on existing table "orders" takes a SHARE lock for the whole build: every INSERT, UPDATE and DELETE on "orders" waits until the index is built, which grows with the table. Build it with CREATE INDEX CONCURRENTLY."`,
    );
  });

  it('inserts CONCURRENTLY after the INDEX keyword, not after a word "index" in a comment', async () => {
    const sql = 'CREATE /* the index */ UNIQUE INDEX users_email_key -- index on email\n  ON users (email);';
    const [finding] = await lint(sql);
    expect(finding!.fix?.replacement).toBe(
      'CREATE /* the index */ UNIQUE INDEX CONCURRENTLY users_email_key -- index on email\n  ON users (email)',
    );
    const fixed = applyFix(sql, finding!);
    expect(await syntaxErrors(fixed)).toEqual([]);
    expect(await lint(fixed)).toEqual([]);
  });

  it('writes the keyword in the case of the statement and keeps IF NOT EXISTS after it', async () => {
    const [finding] = await lint('create index if not exists orders_status_idx on orders (status);');
    expect(finding!.fix?.replacement).toBe('create index concurrently if not exists orders_status_idx on orders (status)');
  });

  it('warns about the buggy concurrent builds of PostgreSQL 14.0–14.3 only when targeting 14', async () => {
    const sql = 'CREATE INDEX orders_status_idx ON orders (status);';
    expect((await lint(sql, { pgVersion: 14 }))[0]!.message).toContain('use 14.4 or later');
    expect((await lint(sql, { pgVersion: 15 }))[0]!.message).not.toContain('14.4');
    expect((await lint(sql, { pgVersion: 13 }))[0]!.message).not.toContain('14.4');
  });

  it('says how to leave the transaction when the fix alone would fail there', async () => {
    const [finding] = await lint('CREATE INDEX orders_status_idx ON orders (status);', { tool: 'alembic' });
    expect(finding!.message).toContain('Alembic runs this migration file in one transaction');
    expect(finding!.message).toContain('autocommit_block');
    const [explicit] = await lint('BEGIN;\nCREATE INDEX orders_status_idx ON orders (status);\nCOMMIT;');
    expect(explicit!.message).toContain('Move it out of the BEGIN … COMMIT block');
  });

  it('leaves new tables, concurrent builds and partitioned parents (partitioned-table-index) alone', async () => {
    expect(await lint('CREATE TABLE t (id bigint);\nCREATE INDEX t_id_idx ON t (id);')).toEqual([]);
    expect(await lint('CREATE INDEX CONCURRENTLY orders_status_idx ON orders (status);')).toEqual([]);
    const base = 'CREATE TABLE events (id bigint, at date) PARTITION BY RANGE (at);';
    expect(await lint('CREATE INDEX events_id_idx ON events (id);', { base })).toEqual([]);
  });

  it('reports indexes on tables of the base schema and on quoted, schema-qualified names', async () => {
    const [finding] = await lint('CREATE INDEX ON "Sales"."Orders" (id);', { base: 'CREATE TABLE "Sales"."Orders" (id bigint);' });
    expect(finding!.message).toContain('existing table "Sales.Orders"');
  });

  it('does not ask for CONCURRENTLY on a table the file drops later, nor on one an earlier migration of the change created', async () => {
    const base = 'CREATE TABLE old_orders (id bigint PRIMARY KEY, v text);';
    const dropped = 'CREATE INDEX old_v ON old_orders (v);\nUPDATE settings SET a = 1 WHERE b = 2;\nDROP TABLE public.old_orders;';
    expect(await lint(dropped, { base })).toEqual([]);
    expect(await lint('CREATE INDEX e_v ON earlier (v);', { change: 'CREATE TABLE earlier (id bigint, v text);' })).toEqual([]);
    expect(await lint('CREATE INDEX old_v ON old_orders (v);\nDROP TABLE other_orders;', { base })).toHaveLength(1);
  });
});
