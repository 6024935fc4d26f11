import { describe, expect, it } from '@jest/globals';
import rule from '../../src/rules/lock-table.js';
import { lintSql } from '../helpers/lint-sql.js';

const lint = (sql: string, options: Parameters<typeof lintSql>[1] = {}) => lintSql(sql, { ...options, rules: [rule] });

describe('lock-table', () => {
  it('reports LOCK TABLE in its default ACCESS EXCLUSIVE mode inside a transaction', async () => {
    const sql = 'BEGIN;\nLOCK TABLE\n  orders;\nCOMMIT;';
    const [finding] = await lint(sql);
    expect(finding).toMatchObject({ line: 2, column: 1, endLine: 3, endColumn: 9, risk: 'downtime', severity: 'error' });
    expect(finding!.message).toMatchInlineSnapshot(
      `"LOCK TABLE "orders" IN ACCESS EXCLUSIVE MODE blocks all reads and writes on "orders" until the transaction commits, for as long as everything after it in the migration takes; the request also waits behind queries already running, and new queries queue behind it meanwhile. Leave locking to the DDL statements, which take the locks they need; if an explicit lock is required, set lock_timeout first and keep the transaction to a few quick statements."`,
    );
  });

  it('describes what each write-blocking mode blocks, and ignores weaker modes', async () => {
    const inTransaction = { implicitTransaction: true };
    expect((await lint('LOCK orders IN SHARE MODE;', inTransaction))[0]!.message).toContain('blocks all writes on "orders"');
    expect((await lint('LOCK orders IN EXCLUSIVE MODE;', inTransaction))[0]!.message).toContain('SELECT … FOR UPDATE/SHARE');
    expect(await lint('LOCK orders IN SHARE UPDATE EXCLUSIVE MODE;', inTransaction)).toEqual([]);
    expect(await lint('LOCK orders IN ROW EXCLUSIVE MODE;', inTransaction)).toEqual([]);
  });

  it('reports LOCK TABLE outside a transaction block as a statement that fails', async () => {
    const [finding] = await lint('LOCK TABLE orders;');
    expect(finding).toMatchObject({ risk: 'safe', severity: 'error' });
    expect(finding!.message).toContain('can only be used in transaction blocks');
    // golang-migrate sends a multi-statement file as one implicit transaction, where LOCK works.
    const golang = await lint('LOCK TABLE orders;\nUPDATE orders SET a = 1 WHERE id = 1;', {
      tool: 'golang-migrate',
      path: 'migrations/1_x.up.sql',
    });
    expect(golang[0]!.risk).toBe('downtime');
  });

  it('names only the existing tables and skips new ones', async () => {
    const [finding] = await lint('CREATE TABLE staging (id bigint);\nLOCK TABLE staging, orders IN SHARE MODE;', {
      implicitTransaction: true,
    });
    expect(finding!.message).toMatch(/^LOCK TABLE "orders" IN SHARE MODE/);
    expect(await lint('CREATE TABLE staging (id bigint);\nLOCK TABLE staging;', { implicitTransaction: true })).toEqual([]);
  });

  it("only notes a LOCK under lock_timeout that takes up front the locks the transaction's DDL takes anyway", async () => {
    const head =
      "BEGIN;\nSET LOCAL lock_timeout = '3s';\nLOCK TABLE jobs, job_runs IN ACCESS EXCLUSIVE MODE;\nALTER TABLE jobs ADD COLUMN paused boolean;\n";
    const [both] = await lint(`${head}ALTER TABLE job_runs ADD COLUMN paused_at timestamptz;\nCOMMIT;`);
    expect(both).toMatchObject({
      line: 3,
      severity: 'notice',
      risk: 'safe',
      message: expect.stringContaining('fixes the order the locks are taken in'),
    });
    // job_runs is locked for nothing its DDL needs (only read later): the LOCK blocks it for the whole transaction.
    const [readOnly] = await lint(`${head}SELECT count(*) FROM job_runs;\nCOMMIT;`);
    expect(readOnly).toMatchObject({ severity: 'error', risk: 'downtime' });
    // Without lock_timeout the LOCK may queue every query behind it for as long as the longest one runs.
    const [noTimeout] = await lint(
      `${head.replace("SET LOCAL lock_timeout = '3s';\n", '')}ALTER TABLE job_runs ADD COLUMN paused_at timestamptz;\nCOMMIT;`,
    );
    expect(noTimeout).toMatchObject({ severity: 'error' });
    // DDL after the COMMIT is another transaction: it does not make the LOCK one of its locks.
    const [afterCommit] = await lint(`${head}COMMIT;\nALTER TABLE job_runs ADD COLUMN paused_at timestamptz;`);
    expect(afterCommit).toMatchObject({ severity: 'error' });
  });
});
