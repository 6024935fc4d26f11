import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { dryRunFindings, reviewWithDryRun } from './review-with-dry-run.js';

/**
 * The dry run on an unknown or incomplete base (the real PGlite): stand-ins for what the base
 * lacks, so locks are still observed; "could not check" notices where even that fails; a missing
 * object is dry-run-failed only on a complete base.
 */

describe('a PATH review of a file whose tables no reviewed migration creates', () => {
  it('traces the README example on a stand-in "orders": its SHARE lock observed, no dry-run-failed', async () => {
    const result = await reviewWithDryRun({ 'db/migrations/0042_add_index.sql': 'CREATE INDEX idx_orders_user ON orders (user_id);\n' });
    expect(dryRunFindings(result)).toEqual([]);
    expect(result.files[0]!.statements[0]).toMatchObject({ dryRun: 'ok', locks: [{ relation: 'orders', mode: 'SHARE' }] });
    expect(result.dryRun!.notes).toContainEqual(expect.stringContaining('traced on stand-ins for objects the base lacks: orders'));
  });

  it('builds an FK target with its key, so ADD FOREIGN KEY and VALIDATE lock both tables as PostgreSQL does', async () => {
    const sql = [
      'ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;',
      'ALTER TABLE orders VALIDATE CONSTRAINT orders_user_fk;',
      'ALTER TABLE orders ALTER COLUMN placed_at SET NOT NULL;',
    ].join('\n');
    const result = await reviewWithDryRun({ 'db/migrations/0043_fk.sql': sql });
    expect(dryRunFindings(result, 'dry-run-failed')).toEqual([]);
    const [add, validate, notNull] = result.files[0]!.statements;
    expect(add).toMatchObject({ dryRun: 'ok' });
    expect(add!.locks).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ relation: 'orders', mode: 'SHARE ROW EXCLUSIVE' }),
        expect.objectContaining({ relation: 'users', mode: 'SHARE ROW EXCLUSIVE' }),
      ]),
    );
    expect(validate).toMatchObject({ dryRun: 'ok' });
    expect(validate!.locks).toContainEqual(expect.objectContaining({ relation: 'orders', mode: 'SHARE UPDATE EXCLUSIVE' }));
    // The column the third statement needs is added to the stand-in: SET NOT NULL then runs (and scans).
    expect(notNull).toMatchObject({ dryRun: 'ok', locks: [expect.objectContaining({ relation: 'orders', mode: 'ACCESS EXCLUSIVE' })] });
  });

  it('gives a notice that says it could not check a statement no stand-in makes run, and traces the rest of the file', async () => {
    const sql = ['UPDATE shops SET location = ST_SetSRID(ST_MakePoint(0, 0), 4326);', 'CREATE INDEX shops_name_idx ON shops (name);'].join(
      '\n',
    );
    const result = await reviewWithDryRun({ 'db/migrations/0044_geo.sql': sql });
    expect(dryRunFindings(result)).toEqual([
      expect.objectContaining({
        ruleId: 'dry-run-incomplete-base',
        severity: 'notice',
        risk: 'safe',
        line: 1,
        message: expect.stringMatching(/could not check this statement: function st_makepoint\(integer, integer\) does not exist/),
      }),
    ]);
    expect(result.files[0]!.statements.map((statement) => statement.dryRun)).toEqual(['skipped', 'ok']);
  });

  it('keeps a table the base does create as it is: a column it lacks is still dry-run-failed', async () => {
    const result = await reviewWithDryRun(
      { 'db/migrations/0002_index.sql': 'CREATE INDEX orders_shipped_idx ON orders (shipped_at);\n' },
      { base: { 'db/migrations/0001_orders.sql': 'CREATE TABLE orders (id bigint PRIMARY KEY);\n' } },
    );
    expect(dryRunFindings(result)).toEqual([
      expect.objectContaining({
        ruleId: 'dry-run-failed',
        severity: 'error',
        message: expect.stringContaining('"shipped_at" does not exist'),
      }),
    ]);
  });

  it('never stands in for what the change itself dropped', async () => {
    const sql = ['DROP TABLE legacy_orders;', 'ALTER TABLE legacy_orders ADD COLUMN note text;'].join('\n');
    const result = await reviewWithDryRun({ 'db/migrations/0045_drop.sql': sql });
    expect(result.files[0]!.statements.map((statement) => statement.dryRun)).toEqual(['ok', 'failed']);
    expect(dryRunFindings(result, 'dry-run-failed')).toEqual([
      expect.objectContaining({ line: 2, message: expect.stringContaining('relation "legacy_orders" does not exist') }),
    ]);
  });
});

describe('a review against a ref (the base is the whole history)', () => {
  it('reports a relation no base migration creates as dry-run-failed, an error', async () => {
    const result = await reviewWithDryRun(
      { 'db/migrations/0042_add_index.sql': 'CREATE INDEX idx_orders_user ON orders (user_id);\n' },
      { mode: 'diff' },
    );
    expect(dryRunFindings(result)).toEqual([
      expect.objectContaining({
        ruleId: 'dry-run-failed',
        severity: 'error',
        message: expect.stringContaining('relation "orders" does not exist'),
      }),
    ]);
  });

  it('traces a temporary table ON COMMIT DROP that the file uses inside its transaction', async () => {
    const sql = [
      'BEGIN;',
      'CREATE TEMP TABLE order_batch (id bigint) ON COMMIT DROP;',
      'INSERT INTO order_batch SELECT id FROM orders;',
      'UPDATE orders SET total = 0 WHERE id IN (SELECT id FROM order_batch);',
      'COMMIT;',
    ].join('\n');
    const result = await reviewWithDryRun(
      { 'db/migrations/0002_batch.sql': sql },
      { mode: 'diff', base: { 'db/migrations/0001_orders.sql': 'CREATE TABLE orders (id bigint PRIMARY KEY, total int);\n' } },
    );
    expect(dryRunFindings(result)).toEqual([]);
    expect(result.files[0]!.statements.map((statement) => statement.dryRun)).toEqual(['skipped', 'ok', 'ok', 'ok', 'skipped']);
  });

  it('does not blame the sample rows for a NOT NULL that the change’s own UPDATE fills, and says so in a note', async () => {
    // customers cannot be seeded (a NOT NULL enum column): the UPDATE's join finds nothing for the sample orders.
    const base = [
      "CREATE TYPE region AS ENUM ('eu', 'us');",
      'CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL, region region NOT NULL);',
      'CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint REFERENCES customers);',
    ].join('\n');
    const sql = [
      'ALTER TABLE orders ADD COLUMN customer_name text;',
      'UPDATE orders SET customer_name = c.name FROM customers c WHERE c.id = orders.customer_id;',
      'ALTER TABLE orders ALTER COLUMN customer_name SET NOT NULL;',
    ].join('\n');
    const result = await reviewWithDryRun(
      { 'db/migrations/0002_name.sql': sql },
      { mode: 'diff', base: { 'db/migrations/0001.sql': base } },
    );
    expect(dryRunFindings(result, 'dry-run-failed')).toEqual([]);
    expect(result.files[0]!.statements[2]).toMatchObject({ dryRun: 'ok', locks: [expect.objectContaining({ mode: 'ACCESS EXCLUSIVE' })] });
    expect(result.dryRun!.notes).toContainEqual(
      expect.stringMatching(/0002_name\.sql:3 .*failed only with dbarch's sample rows in orders/),
    );
  });

  it('still fails ADD COLUMN … NOT NULL without a default on a table with rows: that is the migration’s own failure', async () => {
    const result = await reviewWithDryRun(
      { 'db/migrations/0002_flag.sql': 'ALTER TABLE orders ADD COLUMN flagged boolean NOT NULL;\n' },
      { mode: 'diff', base: { 'db/migrations/0001.sql': 'CREATE TABLE orders (id bigint PRIMARY KEY);\n' } },
    );
    expect(dryRunFindings(result, 'dry-run-failed')).toEqual([expect.objectContaining({ message: expect.stringContaining('23502') })]);
  });
});

describe('a role the migrations do not create (test/fixtures/unknown-base)', () => {
  const fixture = readFileSync(join(import.meta.dirname, '../fixtures/unknown-base/0050_reporting_role.sql'), 'utf8');

  it('is "could not check" in a PATH review, and the rest of the file is still traced', async () => {
    const result = await reviewWithDryRun({ 'db/migrations/0050_reporting_role.sql': fixture });
    expect(dryRunFindings(result, 'dry-run-failed')).toEqual([]);
    expect(dryRunFindings(result)).toEqual([
      expect.objectContaining({ ruleId: 'dry-run-incomplete-base', severity: 'notice', line: 2, message: roleNotice }),
      expect.objectContaining({ ruleId: 'dry-run-incomplete-base', severity: 'notice', line: 3, message: roleNotice }),
    ]);
    expect(result.files[0]!.statements.map((statement) => statement.dryRun)).toEqual(['skipped', 'skipped', 'ok']);
  });

  it('is "could not check" on a complete base too: no replayed history holds the cluster\'s roles', async () => {
    const base = 'CREATE DOMAIN postal_code AS text;\nCREATE TABLE invoices (id bigint PRIMARY KEY, due_on date);\n';
    const result = await reviewWithDryRun(
      { 'db/migrations/0050_reporting_role.sql': fixture },
      { mode: 'diff', base: { 'db/migrations/0001_billing.sql': base } },
    );
    expect(dryRunFindings(result, 'dry-run-failed')).toEqual([]);
    expect(dryRunFindings(result).map((finding) => [finding.ruleId, finding.line])).toEqual([
      ['dry-run-incomplete-base', 2],
      ['dry-run-incomplete-base', 3],
    ]);
    expect(result.files[0]!.statements[2]).toMatchObject({
      dryRun: 'ok',
      locks: [expect.objectContaining({ relation: 'invoices', mode: 'SHARE' })],
    });
  });
});

const roleNotice = expect.stringMatching(
  /could not check this statement: role "reporting" does not exist, because roles belong to the database cluster/,
);
