import { describe, expect, it } from '@jest/globals';
import rule, { looksLikeMoney, nameWords } from '../../src/rules/money-as-float.js';
import { lintSql } from '../helpers/lint-sql.js';

const lint = (sql: string) => lintSql(sql, { rules: [rule] });

describe('money-as-float', () => {
  it('reports money-named float columns at the type', async () => {
    const findings = await lint('CREATE TABLE p (\n  "unitPrice" float8,\n  weight real\n);');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ line: 2, column: 15, risk: 'safe', severity: 'warning' });
    expect(findings[0]!.message).toMatchInlineSnapshot(
      `"Column "unitPrice" of "p" is double precision: double precision is binary floating point and cannot store most decimal amounts exactly (0.10 + 0.20 is not 0.30), so sums, rounding and equality checks on money drift. Use numeric(p,s) such as numeric(12,2), or an integer count of minor units (cents), with the currency in its own column."`,
    );
  });

  it('reports the money type whatever the column name', async () => {
    const [finding] = await lint('ALTER TABLE p ADD COLUMN value money;');
    expect(finding!.message).toContain('lc_monetary');
  });

  it('splits snake and camel case names into words', () => {
    expect(nameWords('totalAmountUSD')).toEqual(['total', 'amount', 'usd']);
    expect(nameWords('HTTPPrice_v2')).toEqual(['http', 'price', 'v2']);
    expect(looksLikeMoney('shipping_fee')).toBe(true);
    expect(looksLikeMoney('pricing_model')).toBe(false);
    expect(looksLikeMoney('total_distance')).toBe(false);
    expect(looksLikeMoney('cost_ratio')).toBe(false);
  });

  it('ignores numeric and integer money columns', async () => {
    expect(await lint('CREATE TABLE p (price numeric(12,2), amount_cents bigint);')).toEqual([]);
  });
});
