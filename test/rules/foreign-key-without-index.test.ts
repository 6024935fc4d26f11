import { describe, expect, it } from '@jest/globals';
import rule from '../../src/rules/foreign-key-without-index.js';
import { lintSql } from '../helpers/lint-sql.js';

const lint = (sql: string) => lintSql(sql, { rules: [rule] });

describe('foreign-key-without-index', () => {
  it('underlines the constraint and gives the index to create', async () => {
    const sql = [
      'CREATE TABLE "LineItems" (',
      '  id bigint PRIMARY KEY,',
      '  "Order" bigint,',
      '  FOREIGN KEY ("Order") REFERENCES orders (id) ON DELETE CASCADE',
      ');',
    ].join('\n');
    const findings = await lint(sql);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ line: 4, column: 3, endLine: 4, endColumn: 10, risk: 'safe', severity: 'warning' });
    expect(findings[0]!.fix).toEqual({ description: 'CREATE INDEX "LineItems_Order_idx" ON "LineItems" ("Order");' });
    expect(findings[0]!.message).toMatchInlineSnapshot(
      `"No index on "LineItems" starts with the foreign key column "Order": every DELETE from "orders" (and every update of its key) scans "LineItems" to find referencing rows, holding its locks meanwhile, and joins from the parent cannot use an index. Add the index in this migration (the table is new, so a plain build is instant)."`,
    );
  });

  it('counts indexes anywhere in the file whose leading columns are the key, in any order', async () => {
    const table = 'CREATE TABLE m (a bigint, b bigint, c bigint, FOREIGN KEY (a, b) REFERENCES p (x, y) ON DELETE CASCADE);';
    expect(await lint(`${table}\nCREATE INDEX m_b_a_c_idx ON m (b, a, c);`)).toEqual([]);
    expect(await lint(`${table}\nCREATE INDEX m_a_c_idx ON m (a, c);`)).toHaveLength(1);
    expect(await lint(`${table}\nCREATE INDEX m_expr_idx ON m (lower(a::text), b);`)).toHaveLength(1);
    expect(await lint(`${table}\nALTER TABLE m ADD CONSTRAINT m_key UNIQUE (a, b);`)).toEqual([]);
  });

  it('reports keys on columns the file adds to an existing table, with a concurrent build', async () => {
    const sql =
      'ALTER TABLE orders ADD COLUMN coupon_id bigint;\nALTER TABLE orders ADD CONSTRAINT orders_coupon_fk FOREIGN KEY (coupon_id) REFERENCES coupons (id) ON DELETE SET NULL NOT VALID;';
    const [finding] = await lint(sql);
    expect(finding).toMatchObject({ line: 2 });
    expect(finding!.fix?.description).toBe('CREATE INDEX CONCURRENTLY orders_coupon_id_idx ON orders (coupon_id);');
  });

  it('does not judge keys on older columns of existing tables', async () => {
    expect(
      await lint('ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;'),
    ).toEqual([]);
  });

  it('keeps generated index names within 63 bytes', async () => {
    const column = 'c'.repeat(60);
    const [finding] = await lint(`CREATE TABLE t (${column} bigint REFERENCES p ON DELETE CASCADE);`);
    const name = /INDEX (\S+) ON/.exec(finding!.fix!.description)![1]!;
    expect(Buffer.byteLength(name)).toBeLessThanOrEqual(63);
    expect(name.endsWith('_idx')).toBe(true);
  });
});
