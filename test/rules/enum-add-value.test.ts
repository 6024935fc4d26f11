import { describe, expect, it } from '@jest/globals';
import rule from '../../src/rules/enum-add-value.js';
import { lintSql } from '../helpers/lint-sql.js';

const lint = (sql: string, options: Parameters<typeof lintSql>[1] = {}) => lintSql(sql, { ...options, rules: [rule] });

describe('enum-add-value', () => {
  it('before PostgreSQL 12: fails in a transaction opened by the tool or by BEGIN', async () => {
    const [wrapped] = await lint("ALTER TYPE mood ADD VALUE 'meh';", { pgVersion: 11, implicitTransaction: true });
    expect(wrapped).toMatchObject({ line: 1, column: 1, risk: 'safe', severity: 'error' });
    expect(wrapped!.message).toMatchInlineSnapshot(
      `"ALTER TYPE "mood" ADD VALUE 'meh' runs inside a transaction block (the migration tool wraps the file), which PostgreSQL before 12 refuses: the migration fails. Put it in its own migration that runs without a transaction."`,
    );
    const [explicit] = await lint("BEGIN;\nALTER TYPE mood ADD VALUE 'meh';\nCOMMIT;", { pgVersion: 11 });
    expect(explicit!.message).toContain('opened by BEGIN');
    expect(await lint("ALTER TYPE mood ADD VALUE 'meh';", { pgVersion: 11 })).toEqual([]);
  });

  it('from PostgreSQL 12: reports a use of the new label later in the same transaction, with its line', async () => {
    const sql = "BEGIN;\nALTER TYPE mood ADD VALUE 'meh';\nSELECT 1;\nUPDATE people SET feeling = 'meh' WHERE id = 1;\nCOMMIT;";
    const [finding] = await lint(sql);
    expect(finding).toMatchObject({ line: 2 });
    expect(finding!.message).toMatchInlineSnapshot(
      `"ALTER TYPE "mood" ADD VALUE 'meh' runs inside a transaction, and line 4 uses 'meh' before that transaction commits: PostgreSQL refuses with "unsafe use of new value" and the migration fails. Commit after ADD VALUE and use the label in a later migration."`,
    );
  });

  it('does not look past COMMIT, nor at tables known to have no column of the enum', async () => {
    expect(await lint("BEGIN;\nALTER TYPE mood ADD VALUE 'meh';\nCOMMIT;\nUPDATE people SET feeling = 'meh';")).toEqual([]);
    const base = "CREATE TYPE mood AS ENUM ('ok');\nCREATE TABLE notes (body text);\nCREATE TABLE people (feeling mood);";
    expect(await lint("BEGIN;\nALTER TYPE mood ADD VALUE 'meh';\nINSERT INTO notes (body) VALUES ('meh');\nCOMMIT;", { base })).toEqual([]);
    expect(
      await lint("BEGIN;\nALTER TYPE mood ADD VALUE 'meh';\nINSERT INTO people (feeling) VALUES ('meh');\nCOMMIT;", { base }),
    ).toHaveLength(1);
  });

  it('reports a cast to the enum type anywhere, e.g. in a default', async () => {
    const sql = "ALTER TYPE mood ADD VALUE 'meh';\nALTER TABLE people ALTER COLUMN feeling SET DEFAULT 'meh'::mood;";
    expect(await lint(sql, { implicitTransaction: true, base: 'CREATE TABLE people (feeling mood);' })).toHaveLength(1);
  });

  it('exempts an enum created earlier in the same transaction, on every version', async () => {
    const sql = "BEGIN;\nCREATE TYPE mood AS ENUM ('ok');\nALTER TYPE mood ADD VALUE 'meh';\nSELECT 'meh'::mood;\nCOMMIT;";
    expect(await lint(sql, { pgVersion: 11 })).toEqual([]);
    expect(await lint(sql)).toEqual([]);
  });

  it('does not report RENAME VALUE (rename-enum-value does)', async () => {
    expect(await lint("ALTER TYPE mood RENAME VALUE 'a' TO 'b';", { pgVersion: 11, implicitTransaction: true })).toEqual([]);
  });
});
