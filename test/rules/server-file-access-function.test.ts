import { describe, expect, it } from '@jest/globals';
import rule from '../../src/rules/server-file-access-function.js';
import { lintSql } from '../helpers/lint-sql.js';

const lint = (sql: string) => lintSql(sql, { rules: [rule] });

describe('server-file-access-function', () => {
  it.each([
    ["SELECT pg_catalog.pg_read_file('/etc/passwd');", 'pg_read_file'],
    ["ALTER TABLE settings ADD COLUMN motd text DEFAULT pg_read_file('motd');", 'pg_read_file'],
    ["DELETE FROM t WHERE name IN (SELECT pg_ls_dir('.'));", 'pg_ls_dir'],
    ["CREATE VIEW v AS SELECT (pg_stat_file('base')).size;", 'pg_stat_file'],
    ["CREATE FUNCTION f() RETURNS text LANGUAGE sql BEGIN ATOMIC SELECT pg_read_binary_file('x')::text; END;", 'pg_read_binary_file'],
    ["SELECT lo_import('/etc/hosts');", 'lo_import'],
    ["SELECT public.dblink_exec('dbname=other', 'TRUNCATE t');", 'dblink_exec'],
  ])('finds the call anywhere in the statement: %s', async (sql, name) => {
    const findings = await lint(sql);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message.startsWith(`${name}()`)).toBe(true);
  });

  it('underlines the call', async () => {
    const [finding] = await lint("SELECT 1, pg_read_file('x');");
    expect(finding).toMatchObject({ line: 1, column: 11, endColumn: 23 });
  });

  it('ignores lo_import/lo_export without a server path, and same-named functions of other schemas', async () => {
    expect(await lint('SELECT lo_export(1);')).toEqual([]);
    expect(await lint("SELECT app.pg_read_file('x');")).toEqual([]);
  });

  it('does not see inside string bodies (documented): a DO block is PL/pgSQL text', async () => {
    expect(await lint("DO $$ BEGIN PERFORM pg_read_file('x'); END $$;")).toEqual([]);
  });
});
