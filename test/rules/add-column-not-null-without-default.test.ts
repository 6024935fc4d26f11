import { describe, expect, it } from '@jest/globals';
import rule from '../../src/rules/add-column-not-null-without-default.js';
import { lintSql } from '../helpers/lint-sql.js';

const lint = (sql: string, options: Parameters<typeof lintSql>[1] = {}) => lintSql(sql, { ...options, rules: [rule] });

describe('add-column-not-null-without-default', () => {
  it('underlines NOT NULL and says the statement fails (safe, error)', async () => {
    const findings = await lint('ALTER TABLE "Orders"\n  ADD COLUMN "customerId" bigint NOT NULL;');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ line: 2, column: 34, endLine: 2, endColumn: 37, risk: 'safe', severity: 'error' });
    expect(findings[0]!.message).toMatchInlineSnapshot(
      `"ADD COLUMN "customerId" NOT NULL without a DEFAULT on existing table "Orders" fails with "column contains null values" as soon as "Orders" has a row, because existing rows would have no value. Add the column nullable, backfill it in batches, then enforce NOT NULL with CHECK ("customerId" IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT and SET NOT NULL; or give it a constant DEFAULT."`,
    );
    expect(findings[0]!.fix?.description).toMatchInlineSnapshot(`
     "1. ALTER TABLE "Orders" ADD COLUMN "customerId" bigint;
     2. Backfill "customerId" for existing rows in batches, outside the schema migration.
     3. ALTER TABLE "Orders" ADD CONSTRAINT "Orders_customerId_not_null" CHECK ("customerId" IS NOT NULL) NOT VALID;
     4. ALTER TABLE "Orders" VALIDATE CONSTRAINT "Orders_customerId_not_null";  -- own transaction; SHARE UPDATE EXCLUSIVE, reads and writes continue
     5. ALTER TABLE "Orders" ALTER COLUMN "customerId" SET NOT NULL;  -- no scan: the valid check proves it
     6. ALTER TABLE "Orders" DROP CONSTRAINT "Orders_customerId_not_null";"
    `);
  });

  it('adapts the NOT NULL steps to the PostgreSQL version', async () => {
    const [old] = await lint('ALTER TABLE orders ADD COLUMN c bigint NOT NULL;', { pgVersion: 11 });
    expect(old!.fix?.description).toContain('Keep the check instead of SET NOT NULL');
    const [recent] = await lint('ALTER TABLE orders ADD COLUMN c bigint NOT NULL;', { pgVersion: 18 });
    expect(recent!.fix?.description).toContain('ADD CONSTRAINT orders_c_not_null NOT NULL c NOT VALID');
  });

  it('reports PRIMARY KEY columns, which imply NOT NULL', async () => {
    const [finding] = await lint('ALTER TABLE events ADD COLUMN id bigint PRIMARY KEY;');
    expect(finding!.message).toContain('PRIMARY KEY implies NOT NULL');
  });

  it('accepts defaults, identity, serial and generated columns, and new tables', async () => {
    expect(await lint("ALTER TABLE t ADD COLUMN c text NOT NULL DEFAULT '';")).toEqual([]);
    expect(await lint('ALTER TABLE t ADD COLUMN c bigserial NOT NULL;')).toEqual([]);
    expect(await lint('ALTER TABLE t ADD COLUMN c int NOT NULL GENERATED ALWAYS AS (a + 1) STORED;')).toEqual([]);
    expect(await lint('CREATE TABLE t (a int);\nALTER TABLE t ADD COLUMN c int NOT NULL;')).toEqual([]);
  });
});
