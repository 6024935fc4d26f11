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

  it('finds the call inside a DO block or a function body: PERFORM, an assignment, a condition, a query', async () => {
    const body = `DECLARE
  motd text := pg_read_file('motd');
BEGIN
  PERFORM pg_ls_dir('.');
  motd := lo_export(1, '/tmp/x');
  IF pg_stat_file('base') IS NULL THEN RETURN; END IF;
  FOR motd IN SELECT * FROM pg_ls_logdir() LOOP END LOOP;
END`;
    const findings = await lint(`DO $$ ${body} $$;`);
    expect(findings.map((finding) => [finding.message.replace(/\(\).*/s, ''), finding.line])).toEqual([
      ['Inside this DO block: pg_read_file', 2],
      ['Inside this DO block: pg_ls_dir', 4],
      ['Inside this DO block: lo_export', 5],
      ['Inside this DO block: pg_stat_file', 6],
      ['Inside this DO block: pg_ls_logdir', 7],
    ]);
    const [inFunction] = await lint("CREATE FUNCTION motd() RETURNS text LANGUAGE sql AS $$ SELECT pg_read_file('motd') $$;");
    expect(inFunction!.message).toContain("with the privileges of the function's caller (its owner's, if SECURITY DEFINER)");
  });

  it('reads a BEGIN ATOMIC body once, and leaves a computed EXECUTE and a body PostgreSQL would refuse alone', async () => {
    expect(await lint("CREATE FUNCTION f() RETURNS text LANGUAGE sql BEGIN ATOMIC SELECT pg_read_file('x'); END;")).toHaveLength(1);
    expect(await lint("DO $$ BEGIN EXECUTE 'SELECT ' || 'pg_read_file(1)'; END $$;")).toEqual([]);
    expect(await lint("DO $$ BEGIN undeclared := pg_read_file('x'); END $$;")).toEqual([]);
  });

  it('finds the call in an INSERT too long or too many to get a parse tree as data', async () => {
    expect(await lint(`INSERT INTO notes (a, b) VALUES ('${'x'.repeat(3000)}', pg_read_file('/etc/passwd'));`)).toHaveLength(1);
  });
});
