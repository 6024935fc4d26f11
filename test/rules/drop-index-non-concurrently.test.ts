import { describe, expect, it } from '@jest/globals';
import rule from '../../src/rules/drop-index-non-concurrently.js';
import { applyFix, syntaxErrors } from '../helpers/apply-fix.js';
import { lintSql } from '../helpers/lint-sql.js';

const lint = (sql: string, options: Parameters<typeof lintSql>[1] = {}) => lintSql(sql, { ...options, rules: [rule] });
const base = 'CREATE TABLE orders (id bigint, status text);\nCREATE INDEX orders_status_idx ON orders (status);';

describe('drop-index-non-concurrently', () => {
  it('underlines DROP INDEX on its line and names the table the index belongs to', async () => {
    const sql = 'SELECT 1;\n  DROP INDEX IF EXISTS\n    orders_status_idx;';
    const [finding] = await lint(sql, { base });
    expect(finding).toMatchObject({ line: 2, column: 3, endLine: 2, endColumn: 13, risk: 'downtime', severity: 'error' });
    expect(finding!.message).toMatchInlineSnapshot(
      `"DROP INDEX "orders_status_idx" takes ACCESS EXCLUSIVE on table "orders": the drop itself is quick, but the lock waits for every query already running on the table, and all new reads and writes queue behind it until it is granted. Use DROP INDEX CONCURRENTLY, which waits for those queries without blocking anyone."`,
    );
    expect(finding!.fix?.replacement).toBe('DROP INDEX CONCURRENTLY');
    const fixed = applyFix(sql, finding!);
    expect(fixed).toBe('SELECT 1;\n  DROP INDEX CONCURRENTLY IF EXISTS\n    orders_status_idx;');
    expect(await syntaxErrors(fixed)).toEqual([]);
    expect(await lint(fixed, { base })).toEqual([]);
  });

  it('keeps the lower case of the statement in the fix', async () => {
    const [finding] = await lint('drop index orders_status_idx;');
    expect(finding!.fix?.replacement).toBe('drop index concurrently');
  });

  it('offers no exact fix for several indexes or CASCADE, which CONCURRENTLY does not accept', async () => {
    const [several] = await lint('DROP INDEX a_idx, b_idx;');
    expect(several!.fix).toEqual({ description: expect.stringContaining('its own DROP INDEX CONCURRENTLY') });
    expect(several!.message).toContain('one index per statement');
    const [cascade] = await lint('DROP INDEX a_idx CASCADE;');
    expect(cascade!.fix?.replacement).toBeUndefined();
    expect(cascade!.message).toContain('does not accept CASCADE');
  });

  it('says the concurrent drop must leave the transaction the tool opens', async () => {
    const [finding] = await lint('DROP INDEX orders_status_idx;', { tool: 'flyway', path: 'db/V3__drop.sql' });
    expect(finding!.message).toContain('Flyway runs this migration file in one transaction');
  });

  it('does not report indexes created earlier in the change, nor DROP INDEX CONCURRENTLY', async () => {
    expect(await lint('CREATE INDEX CONCURRENTLY tmp_idx ON orders (id);\nDROP INDEX tmp_idx;', { base })).toEqual([]);
    expect(await lint('CREATE TABLE t (id bigint);\nCREATE INDEX t_id_idx ON t (id);\nDROP INDEX t_id_idx;')).toEqual([]);
    expect(await lint('DROP INDEX CONCURRENTLY orders_status_idx;', { base })).toEqual([]);
  });

  it('reports only the existing indexes of a mixed list', async () => {
    const [finding] = await lint('CREATE INDEX CONCURRENTLY tmp_idx ON orders (id);\nDROP INDEX tmp_idx, orders_status_idx;', { base });
    expect(finding!.message).toMatch(/^DROP INDEX "orders_status_idx" takes/);
  });

  it('does not ask for CONCURRENTLY when the file drops the table of the index later', async () => {
    const base = 'CREATE TABLE old_orders (id bigint, v text);\nCREATE INDEX old_v ON old_orders (v);';
    expect(await lint('DROP INDEX old_v;\nDROP TABLE old_orders;', { base })).toEqual([]);
    expect(await lint('DROP INDEX old_v;', { base })).toHaveLength(1);
  });
});
