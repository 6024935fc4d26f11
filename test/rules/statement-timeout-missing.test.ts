import { describe, expect, it } from '@jest/globals';
import rule from '../../src/rules/statement-timeout-missing.js';
import { lintSql } from '../helpers/lint-sql.js';

const lint = (sql: string, options: Parameters<typeof lintSql>[1] = {}) => lintSql(sql, { ...options, rules: [rule] });

describe('statement-timeout-missing', () => {
  it('reports the first long, blocking statement once per file', async () => {
    const findings = await lint(
      'ALTER TABLE orders ADD COLUMN note text;\nCREATE INDEX orders_note_idx ON orders (note);\nCLUSTER orders USING orders_pkey;',
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ line: 2, column: 1, endColumn: 46, risk: 'safe', severity: 'notice' });
    expect(findings[0]!.message).toMatchInlineSnapshot(
      `"This statement builds an index on "orders" with neither statement_timeout nor lock_timeout set: if it takes far longer in production than in testing, or waits behind a long query for its lock, nothing stops it while it blocks other sessions. Set both before it (SET statement_timeout = '…'; SET lock_timeout = '…'), sized from a run on production-sized data, so the migration fails and can be retried instead of stalling the application."`,
    );
  });

  it('is satisfied by statement_timeout or lock_timeout, for as long as they are in force', async () => {
    expect(await lint("SET statement_timeout = '10min';\nCREATE INDEX a_idx ON orders (a);")).toEqual([]);
    const local = "BEGIN;\nSET LOCAL lock_timeout = '2s';\nCREATE INDEX a_idx ON orders (a);\nCOMMIT;\nCREATE INDEX b_idx ON orders (b);";
    expect((await lint(local)).map((finding) => finding.line)).toEqual([5]);
    expect(await lint('SET statement_timeout = 0;\nCREATE INDEX a_idx ON orders (a);')).toHaveLength(1);
  });

  it('stays quiet for online operations, new tables and binary-compatible type changes', async () => {
    expect(await lint('CREATE INDEX CONCURRENTLY a_idx ON orders (a);\nREINDEX INDEX CONCURRENTLY a_idx;')).toEqual([]);
    expect(await lint('ALTER TABLE orders VALIDATE CONSTRAINT orders_total_check;')).toEqual([]);
    expect(await lint('CREATE TABLE t (a int);\nCREATE INDEX t_a_idx ON t (a);\nUPDATE t SET a = 1;')).toEqual([]);
    expect(await lint('ALTER TABLE users ALTER COLUMN bio TYPE text;', { base: 'CREATE TABLE users (bio varchar(200));' })).toEqual([]);
    expect(
      await lint('ALTER TABLE users ALTER COLUMN bio TYPE varchar(100);', { base: 'CREATE TABLE users (bio varchar(200));' }),
    ).toHaveLength(1);
  });

  it('treats any non-null default as a rewrite before PostgreSQL 11', async () => {
    const sql = 'ALTER TABLE orders ADD COLUMN archived boolean NOT NULL DEFAULT false;';
    expect(await lint(sql, { pgVersion: 10 })).toHaveLength(1);
    expect(await lint(sql)).toEqual([]);
  });
});
