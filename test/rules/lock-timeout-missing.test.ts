import { describe, expect, it } from '@jest/globals';
import rule from '../../src/rules/lock-timeout-missing.js';
import { applyFix, syntaxErrors } from '../helpers/apply-fix.js';
import { lintSql } from '../helpers/lint-sql.js';

const lint = (sql: string, options: Parameters<typeof lintSql>[1] = {}) => lintSql(sql, { ...options, rules: [rule] });

describe('lock-timeout-missing', () => {
  it('reports once per file, at the first statement that locks an existing table', async () => {
    const sql =
      'CREATE TABLE coupons (id bigint);\nALTER TABLE orders\n  ADD COLUMN note text;\nALTER TABLE customers ADD COLUMN note text;';
    const findings = await lint(sql);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ line: 2, column: 1, endLine: 3, endColumn: 23, risk: 'safe', severity: 'notice' });
    expect(findings[0]!.message).toMatchInlineSnapshot(
      `"This statement needs ACCESS EXCLUSIVE on "orders" and no lock_timeout is set: if a long-running query or transaction is using "orders", the statement waits for it, and every new query that reads or writes "orders" queues behind the waiting lock, so the table stops answering until it is granted. Put SET lock_timeout = '5s'; before it so the migration gives up quickly instead, and retry it when it times out. This applies to every statement of this file that locks an existing table; it is reported once."`,
    );
    const fixed = applyFix(sql, findings[0]!);
    expect(fixed).toContain("SET lock_timeout = '5s';\nALTER TABLE orders");
    expect(await syntaxErrors(fixed)).toEqual([]);
    expect(await lint(fixed)).toEqual([]);
  });

  it('describes write-blocking locks (CREATE TRIGGER, foreign keys, CREATE INDEX) as stopping writes only', async () => {
    const [trigger] = await lint('CREATE TRIGGER audit AFTER UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION audit_row();');
    expect(trigger!.message).toContain('needs SHARE ROW EXCLUSIVE on "orders"');
    expect(trigger!.message).toContain('writes to it stop');
    const [index] = await lint('CREATE INDEX orders_note_idx ON orders (note);');
    expect(index!.message).toContain('needs SHARE on "orders"');
  });

  it('names the table of an index dropped or rebuilt', async () => {
    const [finding] = await lint('DROP INDEX orders_note_idx;', {
      base: 'CREATE TABLE orders (note text);\nCREATE INDEX orders_note_idx ON orders (note);',
    });
    expect(finding!.message).toContain('needs ACCESS EXCLUSIVE on "orders"');
  });

  it('respects lock_timeout set for the session or the transaction, until it is reset', async () => {
    expect(await lint("SET lock_timeout = '5s';\nALTER TABLE orders ADD COLUMN note text;")).toEqual([]);
    expect(await lint("BEGIN;\nSET LOCAL lock_timeout TO '2s';\nALTER TABLE orders ADD COLUMN note text;\nCOMMIT;")).toEqual([]);
    const afterCommit = await lint("BEGIN;\nSET LOCAL lock_timeout = '2s';\nCOMMIT;\nALTER TABLE orders ADD COLUMN note text;");
    expect(afterCommit[0]!.line).toBe(4);
    expect(await lint("SET lock_timeout = '5s';\nSET lock_timeout = 0;\nALTER TABLE orders ADD COLUMN note text;")).toHaveLength(1);
  });

  it('reports a statement that runs before the SET', async () => {
    const [finding] = await lint("ALTER TABLE orders ADD COLUMN note text;\nSET lock_timeout = '5s';");
    expect(finding!.line).toBe(1);
  });

  it('is quiet for weak locks, concurrent operations, new tables, new views and LOCK … NOWAIT', async () => {
    expect(await lint('CREATE INDEX CONCURRENTLY orders_note_idx ON orders (note);')).toEqual([]);
    expect(await lint('ALTER TABLE orders VALIDATE CONSTRAINT orders_total_positive;')).toEqual([]);
    expect(await lint('ALTER TABLE measurements DETACH PARTITION m2019 CONCURRENTLY;')).toEqual([]);
    expect(await lint("UPDATE orders SET note = '' WHERE id = 1;")).toEqual([]);
    expect(await lint('CREATE TABLE t (id bigint);\nALTER TABLE t ADD COLUMN note text;\nCREATE INDEX t_idx ON t (note);')).toEqual([]);
    expect(await lint('CREATE VIEW open_orders AS SELECT * FROM orders;')).toEqual([]);
    expect(await lint('CREATE OR REPLACE VIEW open_orders AS SELECT * FROM orders;')).toHaveLength(1);
    expect(await lint('BEGIN;\nLOCK TABLE orders IN ACCESS EXCLUSIVE MODE NOWAIT;\nCOMMIT;')).toEqual([]);
  });

  it('gives Alembic advice in Python and no SQL replacement for Python source', async () => {
    const [finding] = await lint('ALTER TABLE orders ADD COLUMN note text;', { tool: 'alembic', path: 'alembic/versions/1_x.py' });
    expect(finding!.fix).toEqual({ description: expect.stringContaining(`op.execute("SET lock_timeout = '5s'")`) });
  });

  it('names the table an index belongs to after DROP INDEX, or says it is the table of the index', async () => {
    const base =
      'CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint);\nCREATE INDEX orders_customer_idx ON orders (customer_id);';
    const [known] = await lint('DROP INDEX orders_customer_idx;', { base });
    expect(known!.message).toContain('needs ACCESS EXCLUSIVE on "orders" and');
    const [unknown] = await lint('DROP INDEX orders_customer_idx;');
    expect(unknown!.message).toContain('needs ACCESS EXCLUSIVE on the table of index "orders_customer_idx" and');
    expect(unknown!.message).not.toContain('reads or writes "orders_customer_idx"');
  });
});
