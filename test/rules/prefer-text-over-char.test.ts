import { describe, expect, it } from '@jest/globals';
import rule from '../../src/rules/prefer-text-over-char.js';
import { lintSql } from '../helpers/lint-sql.js';

const lint = (sql: string) => lintSql(sql, { rules: [rule] });

describe('prefer-text-over-char', () => {
  it('reports char(n), character and bare char at the type', async () => {
    const findings = await lint('CREATE TABLE c (\n  code char(3),\n  flag character,\n  kind "char"\n);');
    expect(findings.map(({ line, column, severity, risk }) => ({ line, column, severity, risk }))).toEqual([
      { line: 2, column: 8, severity: 'notice', risk: 'safe' },
      { line: 3, column: 8, severity: 'notice', risk: 'safe' },
    ]);
    expect(findings[0]!.message).toMatchInlineSnapshot(
      `"Column "code" of "c" is char(3): values shorter than 3 characters are padded with spaces, trailing spaces are ignored in comparisons but not by LIKE, regular expressions or clients, and it is no faster than text in PostgreSQL. Use text, with CHECK (char_length("code") = 3) if the fixed length is a real rule."`,
    );
  });

  it('ignores text and varchar', async () => {
    expect(await lint('CREATE TABLE c (a text, b varchar(3));')).toEqual([]);
  });
});
