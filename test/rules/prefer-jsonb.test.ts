import { describe, expect, it } from '@jest/globals';
import rule from '../../src/rules/prefer-jsonb.js';
import { lintSql } from '../helpers/lint-sql.js';

const lint = (sql: string) => lintSql(sql, { rules: [rule] });

describe('prefer-jsonb', () => {
  it('underlines json and replaces it with jsonb', async () => {
    const findings = await lint('CREATE TABLE hooks (\n  payload JSON NOT NULL\n);');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ line: 2, column: 11, endLine: 2, endColumn: 15, risk: 'safe', severity: 'warning' });
    expect(findings[0]!.fix).toEqual({ description: 'Use jsonb', replacement: 'jsonb' });
    expect(findings[0]!.message).toMatchInlineSnapshot(
      `"Column "payload" of "hooks" is json: it stores the text as written and re-parses it on every access, cannot be indexed with GIN, and has no equality operator (no DISTINCT, GROUP BY or UNIQUE on it). Use jsonb, unless you must keep key order and duplicate keys exactly as sent."`,
    );
  });

  it('reports ALTER COLUMN TYPE json and json arrays, not jsonb', async () => {
    expect(await lint('ALTER TABLE h ALTER COLUMN p TYPE json USING p::json;')).toHaveLength(1);
    expect(await lint('ALTER TABLE h ADD COLUMN p json[];')).toHaveLength(1);
    expect(await lint('ALTER TABLE h ADD COLUMN p jsonb, ADD COLUMN q jsonb[];')).toEqual([]);
  });
});
