import { describe, expect, it } from '@jest/globals';
import rule from '../../src/rules/work-after-access-exclusive.js';
import { lintSql } from '../helpers/lint-sql.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const lint = (sql: string, options: Parameters<typeof lintSql>[1] = {}) => lintSql(sql, { ...options, rules: [rule] });

describe('work-after-access-exclusive', () => {
  it('reports slow work after ACCESS EXCLUSIVE once per transaction, at the first such statement', async () => {
    const sql = [
      'BEGIN;',
      'ALTER TABLE orders ADD COLUMN shipped_at timestamptz;',
      'CREATE INDEX orders_shipped_at_idx ON orders (shipped_at);',
      'ALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0);',
      'COMMIT;',
      'BEGIN;',
      'ALTER TABLE users RENAME COLUMN name TO full_name;',
      "UPDATE users SET full_name = '' WHERE full_name IS NULL;",
      'COMMIT;',
    ].join('\n');
    const findings = await lint(sql);
    expect(findings.map(({ line, column, endColumn, severity, risk }) => ({ line, column, endColumn, severity, risk }))).toEqual([
      { line: 3, column: 1, endColumn: 58, severity: 'error', risk: 'downtime' },
      { line: 8, column: 1, endColumn: 56, severity: 'error', risk: 'downtime' },
    ]);
    expect(findings[0]!.message).toMatchInlineSnapshot(
      `"This transaction already holds ACCESS EXCLUSIVE on "orders" (since line 2), and this statement builds an index on "orders": every read and write of "orders" waits until it finishes and the transaction commits, for a time that grows with the table. Split the migration: commit the ACCESS EXCLUSIVE change on its own, then do this in a separate migration or transaction."`,
    );
  });

  it('warns when a second existing table is locked, unless lock_timeout bounds the wait', async () => {
    const sql = 'BEGIN;\nALTER TABLE accounts ADD COLUMN region text;\nALTER TABLE invoices ADD COLUMN region text;\nCOMMIT;';
    const [finding] = await lint(sql);
    expect(finding).toMatchObject({ line: 3, severity: 'warning', risk: 'safe' });
    expect(finding!.message).toContain('ACCESS EXCLUSIVE on another existing table, "invoices"');
    expect(await lint(sql.replace('BEGIN;', "BEGIN;\nSET LOCAL lock_timeout = '2s';"))).toEqual([]);
  });

  it('still reports slow work when lock_timeout is set', async () => {
    const sql = "SET lock_timeout = '2s';\nALTER TABLE accounts ADD COLUMN a int;\nALTER TABLE users ALTER COLUMN email SET NOT NULL;";
    expect(await lint(sql, { implicitTransaction: true })).toHaveLength(1);
  });

  it('ignores a change of a few rows pinned by key', async () => {
    const sql = "BEGIN;\nALTER TABLE settings ADD COLUMN note text;\nUPDATE settings SET note = 'x' WHERE id = 3;\nCOMMIT;";
    expect(await lint(sql)).toEqual([]);
  });

  it('does nothing outside a transaction or on new tables', async () => {
    expect(await lint('ALTER TABLE orders ADD COLUMN a int;\nCREATE INDEX orders_a_idx ON orders (a);')).toEqual([]);
    const newTable = 'CREATE TABLE t (id bigint PRIMARY KEY, a int);\nALTER TABLE t ADD COLUMN b int;\nCREATE INDEX t_a_idx ON t (a);';
    expect(await lint(newTable, { implicitTransaction: true })).toEqual([]);
  });

  it('accepts SET NOT NULL proven by a validated check (PostgreSQL 12+)', async () => {
    const sql = [
      'ALTER TABLE users ADD CONSTRAINT users_email_nn CHECK (email IS NOT NULL) NOT VALID;',
      'ALTER TABLE users VALIDATE CONSTRAINT users_email_nn;',
      'BEGIN;',
      "SET LOCAL lock_timeout = '2s';",
      'ALTER TABLE accounts ADD COLUMN nickname text;',
      'ALTER TABLE users ALTER COLUMN email SET NOT NULL;',
      'COMMIT;',
    ].join('\n');
    expect(await lint(sql)).toEqual([]);
    expect(await lint(sql, { pgVersion: 11 })).toHaveLength(1);
  });

  it('reports VALIDATE in the transaction that added the constraint (the ADD took ACCESS EXCLUSIVE)', async () => {
    const sql = 'ALTER TABLE users ADD CONSTRAINT c CHECK (a > 0) NOT VALID;\nALTER TABLE users VALIDATE CONSTRAINT c;';
    expect(await lint(sql, { tool: 'flyway' })).toHaveLength(1);
  });

  describe("after DROP INDEX, which locks the index's table", () => {
    const sql =
      'BEGIN;\nDROP INDEX orders_customer_idx;\nALTER TABLE orders ADD COLUMN flag boolean;\nCREATE INDEX orders_flag_idx ON orders (flag);\nCOMMIT;';
    const base =
      'CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint);\nCREATE INDEX orders_customer_idx ON orders (customer_id);';

    it('names the table, not the index, when the base knows it', async () => {
      const [finding] = await lint(sql, { base });
      expect(finding).toMatchObject({ line: 4, severity: 'error' });
      expect(finding!.message).toContain('holds ACCESS EXCLUSIVE on "orders" (since line 2)');
      expect(finding!.message).not.toContain('"orders_customer_idx"');
    });

    it('says "the table of index …" when it does not, and does not call a later table "another"', async () => {
      const [finding] = await lint(sql);
      expect(finding).toMatchObject({ line: 4, severity: 'error' });
      expect(finding!.message).toContain('holds ACCESS EXCLUSIVE on the table of index "orders_customer_idx" (since line 2)');
      expect(await lint('BEGIN;\nDROP INDEX orders_customer_idx;\nALTER TABLE orders ADD COLUMN flag boolean;\nCOMMIT;')).toEqual([]);
    });
  });

  it('does not count the lock on a table the transaction drops (test/fixtures/migrations/risky/25_drop_lookup_then_truncate.sql)', async () => {
    const sql = readFileSync(join(import.meta.dirname, '../fixtures/migrations/risky/25_drop_lookup_then_truncate.sql'), 'utf8');
    // After DROP TABLE event_lookup, queries on it fail once the drop commits: waiting on it is no extra harm.
    expect(await lint(sql)).toEqual([]);
    // A table that stays is still weighed: the DROP itself waits for its lock while "events" is held.
    const kept =
      'BEGIN;\nALTER TABLE events ADD COLUMN lookup_key text;\nDROP TABLE event_lookup;\nTRUNCATE TABLE event_lookup_queue;\nCOMMIT;';
    expect(await lint(kept)).toMatchObject([{ line: 3, message: expect.stringContaining('ACCESS EXCLUSIVE on "events" (since line 2)') }]);
  });

  it('leaves a scan that holds ACCESS EXCLUSIVE on the held table itself to its own rule (test/fixtures/migrations/risky/26_add_column_then_check.sql)', async () => {
    const sql = readFileSync(join(import.meta.dirname, '../fixtures/migrations/risky/26_add_column_then_check.sql'), 'utf8');
    // ADD CONSTRAINT … CHECK takes ACCESS EXCLUSIVE on oauth_grants for its scan: add-check-validates reports that, once.
    expect(await lint(sql, { implicitTransaction: true })).toEqual([]);
    // Holding another table meanwhile is this rule's: oauth_clients stays blocked during the scan of oauth_grants.
    const other = `ALTER TABLE oauth_clients ADD COLUMN note text;\n${sql}`;
    expect(await lint(other, { implicitTransaction: true })).toMatchObject([{ severity: 'warning' }]);
  });
});
