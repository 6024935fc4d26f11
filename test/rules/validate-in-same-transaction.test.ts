import { describe, expect, it } from '@jest/globals';
import rule from '../../src/rules/validate-in-same-transaction.js';
import { lintSql } from '../helpers/lint-sql.js';

const lint = (sql: string, options: Parameters<typeof lintSql>[1] = {}) => lintSql(sql, { ...options, rules: [rule] });

const addCheck = 'ALTER TABLE orders ADD CONSTRAINT orders_total_positive CHECK (total >= 0) NOT VALID;';
const validate = 'ALTER TABLE orders VALIDATE CONSTRAINT orders_total_positive;';

describe('validate-in-same-transaction', () => {
  it('reports VALIDATE after ADD … NOT VALID in one BEGIN … COMMIT, naming the line of the ADD', async () => {
    const [finding] = await lint(`BEGIN;\n${addCheck}\n\n${validate}\nCOMMIT;`);
    expect(finding).toMatchObject({ line: 4, column: 1, endLine: 4, endColumn: validate.length, risk: 'downtime', severity: 'error' });
    expect(finding!.message).toMatchInlineSnapshot(
      `"VALIDATE CONSTRAINT "orders_total_positive" runs in the same transaction that added the constraint at line 2, so the ACCESS EXCLUSIVE lock taken there is still held while VALIDATE reads every row of "orders": all reads and writes on "orders" wait for the whole scan, just as if the constraint had been added without NOT VALID. Commit after adding the constraint and validate it in a later migration (or after COMMIT), where VALIDATE takes only SHARE UPDATE EXCLUSIVE and reads and writes continue."`,
    );
  });

  it('names the write-blocking lock of a foreign key on both tables', async () => {
    const sql =
      'ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;\nALTER TABLE orders VALIDATE CONSTRAINT fk;';
    const [finding] = await lint(sql, { tool: 'flyway', path: 'db/V4__fk.sql' });
    expect(finding!.message).toContain('the SHARE ROW EXCLUSIVE lock taken there');
    expect(finding!.message).toContain('inserts, updates and deletes on "orders" and "customers"');
  });

  it('treats a golang-migrate file without BEGIN/COMMIT as one implicit transaction', async () => {
    expect(await lint(`${addCheck}\n${validate}`, { tool: 'golang-migrate', path: 'migrations/1_x.up.sql' })).toHaveLength(1);
    expect(await lint(`BEGIN;\n${addCheck}\nCOMMIT;\n${validate}`, { tool: 'golang-migrate', path: 'migrations/1_x.up.sql' })).toEqual([]);
  });

  it('is quiet when a COMMIT separates the two, in autocommit files and in later migrations', async () => {
    expect(await lint(`BEGIN;\n${addCheck}\nCOMMIT;\n${validate}`)).toEqual([]);
    expect(await lint(`${addCheck}\n${validate}`)).toEqual([]);
    expect(await lint(validate, { implicitTransaction: true })).toEqual([]);
  });

  it('is quiet for new tables, other tables and constraints added already valid', async () => {
    expect(await lint(`CREATE TABLE orders (total numeric);\n${addCheck}\n${validate}`, { implicitTransaction: true })).toEqual([]);
    expect(
      await lint(`${addCheck}\nALTER TABLE invoices VALIDATE CONSTRAINT orders_total_positive;`, { implicitTransaction: true }),
    ).toEqual([]);
    const valid = 'ALTER TABLE orders ADD CONSTRAINT orders_total_positive CHECK (total >= 0);';
    expect(await lint(`${valid}\n${validate}`, { implicitTransaction: true })).toEqual([]);
  });
});
