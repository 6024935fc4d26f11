import { describe, expect, it } from '@jest/globals';
import rule from '../../src/rules/rename-relation.js';
import { lintSql } from '../helpers/lint-sql.js';

const lint = (sql: string) => lintSql(sql, { rules: [rule] });

describe('rename-relation', () => {
  it('underlines the renamed table', async () => {
    const findings = await lint('-- rename\nALTER TABLE IF EXISTS billing.orders\n  RENAME TO purchases;');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ line: 2, column: 23, endLine: 2, endColumn: 37, risk: 'downtime', severity: 'error' });
    expect(findings[0]!.message).toMatchInlineSnapshot(
      `"Renaming existing table "billing.orders" to "billing.purchases" is instant, but the application version still running keeps querying "billing.orders" and fails on every such query until the new version is fully deployed (the rename also waits for an ACCESS EXCLUSIVE lock). Keep the old name working: in the same transaction, create a view "billing.orders" over "billing.purchases" and drop it once no code uses it, or expand and contract (new table, write both, backfill, switch reads, drop the old one in a later release)."`,
    );
  });

  it('reports schemas and materialized views, not indexes or sequences', async () => {
    const [schema] = await lint('ALTER SCHEMA "Legacy" RENAME TO archive;');
    expect(schema).toMatchObject({ line: 1, column: 14, endColumn: 22 });
    expect(await lint('ALTER MATERIALIZED VIEW daily_totals RENAME TO daily_sums;')).toHaveLength(1);
    expect(await lint('ALTER INDEX a RENAME TO b;\nALTER SEQUENCE s RENAME TO t;')).toEqual([]);
  });

  it('accepts a rename followed by a view with the old name', async () => {
    expect(await lint('ALTER TABLE orders RENAME TO purchases;\nCREATE VIEW orders AS SELECT * FROM purchases;')).toEqual([]);
  });

  it('ignores objects created earlier in the file', async () => {
    expect(await lint('CREATE SCHEMA s;\nALTER SCHEMA s RENAME TO t;')).toEqual([]);
    expect(await lint('CREATE VIEW v AS SELECT 1;\nALTER VIEW v RENAME TO w;')).toEqual([]);
    expect(await lint('CREATE MATERIALIZED VIEW m AS SELECT 1;\nALTER MATERIALIZED VIEW m RENAME TO n;')).toEqual([]);
  });
});
