import { describe, expect, it } from '@jest/globals';
import rule from '../../src/rules/prefer-text-over-varchar.js';
import { lintSql } from '../helpers/lint-sql.js';

const lint = (sql: string, options: Parameters<typeof lintSql>[1] = {}) => lintSql(sql, { ...options, rules: [rule] });

describe('prefer-text-over-varchar', () => {
  it('reports varchar(n) at the type', async () => {
    const findings = await lint('ALTER TABLE users\n  ADD COLUMN email character varying(255);');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ line: 2, column: 20, risk: 'safe', severity: 'notice' });
    expect(findings[0]!.message).toMatchInlineSnapshot(
      `"Column "email" of "users" is varchar(255): PostgreSQL stores varchar exactly like text, so the limit buys no speed or space, and lowering it later rewrites the table. Use text, with CHECK (char_length("email") <= 255) if 255 characters is a real business rule."`,
    );
  });

  it('ignores varchar without a length and existing columns', async () => {
    expect(await lint('CREATE TABLE u (a varchar, b text);')).toEqual([]);
    expect(await lint('ALTER TABLE u ADD COLUMN c text;', { base: 'CREATE TABLE u (a varchar(10));' })).toEqual([]);
  });
});
