import { describe, expect, it } from '@jest/globals';
import rule from '../../src/rules/reindex-non-concurrently.js';
import { applyFix, syntaxErrors } from '../helpers/apply-fix.js';
import { lintSql } from '../helpers/lint-sql.js';

const lint = (sql: string, options: Parameters<typeof lintSql>[1] = {}) => lintSql(sql, { ...options, rules: [rule] });

describe('reindex-non-concurrently', () => {
  it('underlines REINDEX … INDEX and inserts CONCURRENTLY after the object keyword', async () => {
    const sql = 'SET statement_timeout = 0;\nREINDEX INDEX\n  orders_customer_id_idx;';
    const [finding] = await lint(sql);
    expect(finding).toMatchObject({ line: 2, column: 1, endLine: 2, endColumn: 14, risk: 'downtime', severity: 'error' });
    expect(finding!.message).toMatchInlineSnapshot(
      `"REINDEX INDEX "orders_customer_id_idx" holds ACCESS EXCLUSIVE on the index and SHARE on its table while it rebuilds the index from scratch: writes to the table wait, and so do most reads, because planning a query on the table locks every index of it. The rebuild takes as long as building the index anew. Use REINDEX INDEX CONCURRENTLY, which builds new indexes beside the old ones and swaps them with brief locks."`,
    );
    const fixed = applyFix(sql, finding!);
    expect(fixed).toBe('SET statement_timeout = 0;\nREINDEX INDEX CONCURRENTLY\n  orders_customer_id_idx;');
    expect(await syntaxErrors(fixed)).toEqual([]);
    expect(await lint(fixed)).toEqual([]);
  });

  it('reports REINDEX (CONCURRENTLY false), a plain REINDEX, without adding a second CONCURRENTLY', async () => {
    const [finding] = await lint('REINDEX (CONCURRENTLY false) TABLE orders;');
    expect(finding).toMatchObject({ risk: 'downtime', severity: 'error' });
    expect(finding!.fix).toBeUndefined();
    expect(await lint('REINDEX (CONCURRENTLY) TABLE orders;')).toEqual([]);
    expect(await lint('REINDEX (CONCURRENTLY true, VERBOSE) TABLE orders;')).toEqual([]);
  });

  it('keeps parenthesised options before the object keyword', async () => {
    const [finding] = await lint('reindex (verbose) table public.orders;');
    expect(finding!.fix?.replacement).toBe('reindex (verbose) table concurrently');
    expect(finding!.message).toContain('every index of "orders"');
  });

  it('reports schema and database reindexes, and system catalogues without a concurrent fix', async () => {
    const [schema] = await lint('REINDEX SCHEMA sales;');
    expect(schema!.message).toContain('every index in schema "sales"');
    expect(schema!.fix?.replacement).toBe('REINDEX SCHEMA CONCURRENTLY');
    const [system] = await lint('REINDEX SYSTEM;');
    expect(system!.fix).toBeUndefined();
    expect(system!.message).toContain('cannot be reindexed concurrently');
  });

  it('explains that there is no online REINDEX before PostgreSQL 12', async () => {
    const [finding] = await lint('REINDEX INDEX orders_customer_id_idx;', { pgVersion: 11 });
    expect(finding!.fix).toBeUndefined();
    expect(finding!.message).toContain('PostgreSQL 11 has no REINDEX CONCURRENTLY');
    expect(finding!.message).toContain('CREATE INDEX CONCURRENTLY');
  });

  it('does not report indexes or tables created earlier in the change', async () => {
    expect(await lint('CREATE INDEX CONCURRENTLY new_idx ON orders (id);\nREINDEX INDEX new_idx;')).toEqual([]);
    expect(await lint('CREATE TABLE t (id bigint PRIMARY KEY);\nREINDEX TABLE t;')).toEqual([]);
  });

  it('adds how to leave the transaction when the fix would fail inside one', async () => {
    const [finding] = await lint('REINDEX TABLE orders;', { tool: 'supabase', path: 'supabase/migrations/1_x.sql' });
    expect(finding!.message).toContain('Supabase runs this migration file in one transaction');
  });
});
