import { describe, expect, it } from '@jest/globals';
import rule from '../../src/rules/add-foreign-key-validates.js';
import { applyFix, syntaxErrors } from '../helpers/apply-fix.js';
import { lintSql } from '../helpers/lint-sql.js';

const lint = (sql: string, options: Parameters<typeof lintSql>[1] = {}) => lintSql(sql, { ...options, rules: [rule] });

describe('add-foreign-key-validates', () => {
  it('underlines the constraint clause across lines and appends NOT VALID after its last token', async () => {
    const sql = [
      'ALTER TABLE orders',
      '  ADD COLUMN customer_id bigint,',
      '  ADD CONSTRAINT orders_customer_id_fkey FOREIGN KEY (customer_id)',
      '    REFERENCES customers (id) -- keep history',
      '    ON DELETE RESTRICT;',
    ].join('\n');
    const [finding] = await lint(sql);
    expect(finding).toMatchObject({ line: 3, column: 7, endLine: 5, endColumn: 23, risk: 'downtime', severity: 'error' });
    expect(finding!.message).toMatchInlineSnapshot(
      `"Adding foreign key "orders_customer_id_fkey" to existing table "orders" checks every row of "orders" against "customers" while holding SHARE ROW EXCLUSIVE on both tables: inserts, updates and deletes on "orders" and "customers" wait for the whole scan. Add it with NOT VALID (new rows are checked at once, the lock is brief), then run ALTER TABLE "orders" VALIDATE CONSTRAINT "orders_customer_id_fkey" in a later migration: validation takes SHARE UPDATE EXCLUSIVE, so reads and writes continue."`,
    );
    const fixed = applyFix(sql, finding!);
    expect(fixed.endsWith('ON DELETE RESTRICT NOT VALID;')).toBe(true);
    expect(await syntaxErrors(fixed)).toEqual([]);
    expect(await lint(fixed)).toEqual([]);
  });

  it('fixes the right command of several and keeps lower case', async () => {
    const sql =
      'alter table orders add foreign key (a) references a (id), add constraint b_fk foreign key (b) references b (id) not valid;';
    const [finding] = await lint(sql);
    expect(finding!.fix?.replacement).toBe('foreign key (a) references a (id) not valid');
    expect(finding!.message).toContain('Name the constraint');
    expect(await lint(applyFix(sql, finding!))).toEqual([]);
  });

  it('reports ADD COLUMN … REFERENCES only when a DEFAULT fills the column', async () => {
    expect(await lint('ALTER TABLE orders ADD COLUMN coupon_id bigint REFERENCES coupons (id);')).toEqual([]);
    const [finding] = await lint('ALTER TABLE orders ADD COLUMN region_id int DEFAULT 1 REFERENCES regions (id);');
    expect(finding!.message).toContain('with a DEFAULT and REFERENCES "regions"');
    expect(finding!.fix?.replacement).toBeUndefined();
    expect(await lint('ALTER TABLE orders ADD COLUMN region_id int DEFAULT NULL REFERENCES regions (id);')).toHaveLength(1);
  });

  it('does not report tables created earlier in the change, even when the referenced table exists', async () => {
    expect(
      await lint(
        'CREATE TABLE shipments (id bigint, order_id bigint);\nALTER TABLE shipments ADD FOREIGN KEY (order_id) REFERENCES orders (id);',
      ),
    ).toEqual([]);
  });

  it('reports a table of the base schema referencing a table new in the change', async () => {
    const findings = await lint(
      'CREATE TABLE regions (id int PRIMARY KEY);\nALTER TABLE orders ADD FOREIGN KEY (region_id) REFERENCES regions (id);',
      {
        base: 'CREATE TABLE orders (id bigint, region_id int);',
      },
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]!.line).toBe(2);
  });
});
