import { describe, expect, it } from '@jest/globals';
import rule from '../../src/rules/backfill-in-migration.js';
import { lintSql } from '../helpers/lint-sql.js';

const lint = (sql: string, options: Parameters<typeof lintSql>[1] = {}) => lintSql(sql, { ...options, rules: [rule] });

describe('backfill-in-migration', () => {
  it('warns about a data change with no DDL lock held', async () => {
    const findings = await lint("-- backfill\nUPDATE users\n   SET plan = 'free'\n WHERE plan IS NULL;");
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ line: 2, column: 1, endLine: 4, endColumn: 20, risk: 'downtime', severity: 'warning' });
  });

  it('is an error when the same transaction holds ACCESS EXCLUSIVE from earlier DDL', async () => {
    const [finding] = await lint(
      'BEGIN;\nALTER TABLE orders ADD COLUMN total_cents bigint;\nUPDATE orders SET total_cents = total * 100;\nCOMMIT;',
    );
    expect(finding).toMatchObject({ line: 3, severity: 'error', risk: 'downtime' });
    expect(finding!.message).toMatchInlineSnapshot(
      `"UPDATE on existing table "orders" runs inside the schema migration: every row it changes stays locked until the transaction commits, so concurrent writes to those rows wait, for a time that grows with the table; and this transaction already holds ACCESS EXCLUSIVE on "orders" (line 2), so every read and write of it waits for the whole backfill. Move it out of the migration into a script or job that works in batches of about 1,000 rows by primary key range (… WHERE id >= $1 AND id < $2), each batch committed on its own."`,
    );
  });

  it('is an error when the transaction holds a write-blocking lock such as an index build', async () => {
    const [finding] = await lint('CREATE INDEX events_kind_idx ON events (kind);\nDELETE FROM events WHERE kind = 1;', {
      implicitTransaction: true,
    });
    expect(finding).toMatchObject({ severity: 'error' });
    expect(finding!.message).toContain('SHARE on "events" (line 1)');
  });

  it('only counts locks of the current transaction', async () => {
    const [finding] = await lint('BEGIN;\nALTER TABLE orders ADD COLUMN c bigint;\nCOMMIT;\nBEGIN;\nUPDATE orders SET c = 1;\nCOMMIT;');
    expect(finding).toMatchObject({ line: 5, severity: 'warning' });
  });

  it('does not report seed rows, inserts into new tables, or INSERT … SELECT without a table', async () => {
    expect(await lint("INSERT INTO countries (code) VALUES ('FR');")).toEqual([]);
    expect(await lint("INSERT INTO settings (key, value) SELECT 'theme', 'dark';")).toEqual([]);
    expect(await lint("WITH rows AS (SELECT 'a' AS key) INSERT INTO settings (key) SELECT key FROM rows;")).toEqual([]);
    const seed = "INSERT INTO units (name) SELECT 'mg' WHERE NOT EXISTS (SELECT 1 FROM units WHERE name = 'mg');";
    expect(await lint(seed)).toEqual([]);
    expect(await lint('CREATE TABLE copies (id bigint PRIMARY KEY);\nINSERT INTO copies SELECT id FROM originals;')).toEqual([]);
  });

  it('only notes changes that pin their rows by key, even after DDL', async () => {
    const sql =
      "BEGIN;\nALTER TABLE settings ADD COLUMN note text;\nUPDATE settings SET value = 'dark' WHERE setting_key = 'theme' AND value IS NULL;\nCOMMIT;";
    expect(await lint(sql)).toMatchObject([{ line: 3, severity: 'notice', risk: 'safe' }]);
    expect(await lint('DELETE FROM plans WHERE id IN (3, 4);')).toMatchObject([{ severity: 'notice' }]);
    expect(await lint("UPDATE ref.drugs SET atc = 'J07' WHERE lower(description) = lower('Aspirin') AND atc IS NULL;")).toMatchObject([
      { severity: 'notice' },
    ]);
    expect(await lint('UPDATE users SET role = 1 WHERE is_admin = true;')).toMatchObject([{ severity: 'warning' }]);
    expect(await lint("UPDATE users SET plan = 'free' WHERE status = 'trial';")).toMatchObject([{ severity: 'warning' }]);
  });

  it('reports INSERT … SELECT from an existing table into an existing table', async () => {
    const [finding] = await lint('INSERT INTO archive (id) SELECT id FROM orders WHERE closed;');
    expect(finding!.message).toContain('INSERT … SELECT on existing table "archive"');
    const throughCte = 'WITH old AS (SELECT id FROM orders o JOIN customers c USING (id)) INSERT INTO archive (id) SELECT id FROM old;';
    expect(await lint(throughCte)).toHaveLength(1);
    expect(await lint('INSERT INTO archive (id) SELECT 1 UNION ALL SELECT id FROM orders;')).toHaveLength(1);
  });

  it('gives no backfill advice on writes to system catalogs (a catalog write is its own hazard)', async () => {
    const update = "UPDATE pg_index SET indisvalid = false WHERE indexrelid = 'orders_idx'::regclass;";
    expect(await lint(update)).toEqual([]);
    expect(await lint('UPDATE pg_catalog.pg_class SET relhasindex = true WHERE relname = $$orders$$;')).toEqual([]);
    expect(await lint('UPDATE orders SET status = 1 WHERE status IS NULL;')).toHaveLength(1);
  });

  it('only notes a DELETE of the rows a later constraint of its table would reject; an UPDATE that fills a column stays a backfill', async () => {
    const cleanup =
      'DELETE FROM document_link WHERE source_id = target_id;\nALTER TABLE document_link ADD CONSTRAINT no_self CHECK (source_id <> target_id);';
    expect(await lint(cleanup, { implicitTransaction: true })).toMatchObject([
      { line: 1, severity: 'notice', risk: 'safe', message: expect.stringContaining('would reject, which are usually few') },
    ]);
    const fill = "UPDATE orders SET status = 'new' WHERE status IS NULL;\nALTER TABLE orders ALTER COLUMN status SET NOT NULL;";
    expect(await lint(fill, { implicitTransaction: true })).toMatchObject([{ severity: 'warning', risk: 'downtime' }]);
    // A constraint after the COMMIT is another transaction: the DELETE is weighed on its own.
    const apart =
      'BEGIN;\nDELETE FROM document_link WHERE source_id = target_id;\nCOMMIT;\nALTER TABLE document_link ADD CONSTRAINT no_self CHECK (source_id <> target_id);';
    expect(await lint(apart)).toMatchObject([{ severity: 'warning' }]);
  });
});
