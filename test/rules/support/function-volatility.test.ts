import { describe, expect, it } from '@jest/globals';
import { loadSqlParser, parseSql } from '../../../src/parse/sql/parse-sql.js';
import { nodeOf } from '../../../src/parse/sql/ast.js';
import { declaredFunctionVolatility, expressionVolatility, functionVolatility } from '../../../src/rules/support/function-volatility.js';

/** The DEFAULT expression of `ALTER TABLE t ADD COLUMN c <type> DEFAULT <expression>`. */
async function defaultExpression(expression: string, type = 'text'): Promise<unknown> {
  await loadSqlParser();
  const [statement] = parseSql(`ALTER TABLE t ADD COLUMN c ${type} DEFAULT ${expression}`).statements;
  const command = nodeOf((statement!.ast!.cmds as unknown[])[0], 'AlterTableCmd')!;
  const column = nodeOf(command.def, 'ColumnDef')!;
  return (column.constraints as unknown[]).map((item) => nodeOf(item, 'Constraint')!.raw_expr)[0];
}

describe('functionVolatility', () => {
  it.each(['gen_random_uuid', 'clock_timestamp', 'random', 'nextval', 'timeofday', 'uuid_generate_v4'])('%s is volatile', (name) => {
    expect(functionVolatility(name)).toBe('volatile');
  });
  it.each(['now', 'statement_timestamp', 'transaction_timestamp', 'current_timestamp', 'CURRENT_DATE', 'localtimestamp_n'])(
    '%s is stable',
    (name) => {
      expect(functionVolatility(name)).toBe('stable');
    },
  );
  it.each(['lower', 'abs', 'md5'])('%s is immutable', (name) => {
    expect(functionVolatility(name)).toBe('immutable');
  });
  it('keeps the most volatile of differing overloads', () => {
    // date_trunc(text, timestamptz) is stable, date_trunc(text, timestamp) immutable.
    expect(functionVolatility('date_trunc')).toBe('stable');
  });
  it('does not know user-defined functions', () => {
    expect(functionVolatility('make_order_number')).toBeUndefined();
  });
});

describe('expressionVolatility', () => {
  it('treats SQL value functions as stable', async () => {
    expect(expressionVolatility(await defaultExpression('CURRENT_TIMESTAMP', 'timestamptz')).volatility).toBe('stable');
    expect(expressionVolatility(await defaultExpression('current_user')).volatility).toBe('stable');
  });
  it('finds a volatile call nested in an expression', async () => {
    const result = expressionVolatility(await defaultExpression("'ord-' || md5(random()::text)"));
    expect(result.volatility).toBe('volatile');
    expect(result.volatileFunctions.map((item) => item.name)).toEqual(['random']);
  });
  it('rates constants immutable and now() stable', async () => {
    expect(expressionVolatility(await defaultExpression("'pending'")).volatility).toBe('immutable');
    expect(expressionVolatility(await defaultExpression("now() + interval '1 day'", 'timestamptz')).volatility).toBe('stable');
    expect(expressionVolatility(await defaultExpression('pg_catalog.now()', 'timestamptz')).volatility).toBe('stable');
  });
  it('assumes unknown functions volatile and says so', async () => {
    const result = expressionVolatility(await defaultExpression('app.next_code()'));
    expect(result).toEqual({ volatility: 'volatile', volatileFunctions: [{ name: 'app.next_code', location: 40, source: 'unknown' }] });
  });
  it('knows nextval is volatile', async () => {
    const result = expressionVolatility(await defaultExpression("nextval('orders_id_seq')", 'bigint'));
    expect(result.volatileFunctions).toEqual([{ name: 'nextval', location: 42, source: 'catalogue' }]);
  });
  it('uses the volatility a CREATE FUNCTION earlier in the file declares', async () => {
    const { statements } = parseSql(`
      CREATE FUNCTION app.next_code() RETURNS text LANGUAGE sql STABLE AS $$ SELECT 'x' $$;
      CREATE FUNCTION app.make_token() RETURNS text LANGUAGE sql AS $$ SELECT 'y' $$;
      SELECT 1;`);
    const declared = declaredFunctionVolatility(statements, 2);
    expect(Object.fromEntries(declared)).toEqual({ next_code: 'stable', make_token: 'volatile' });
    expect(expressionVolatility(await defaultExpression('app.next_code()'), declared).volatility).toBe('stable');
    expect(expressionVolatility(await defaultExpression('app.make_token()'), declared).volatileFunctions[0]!.source).toBe('declared');
  });
});
