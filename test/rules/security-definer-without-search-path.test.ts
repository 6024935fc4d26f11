import { describe, expect, it } from '@jest/globals';
import rule from '../../src/rules/security-definer-without-search-path.js';
import { lintSql } from '../helpers/lint-sql.js';

const lint = (sql: string) => lintSql(sql, { rules: [rule] });

describe('security-definer-without-search-path', () => {
  it('names the function and the fix', async () => {
    const [finding] = await lint("CREATE FUNCTION app.purge() RETURNS void LANGUAGE sql SECURITY DEFINER AS 'DELETE FROM t';");
    expect(finding!.message).toMatch(/^Function "app.purge" runs with the privileges of its owner/);
    expect(finding!.message).toContain('SET search_path = app, pg_temp');
  });

  it('reports SET search_path FROM CURRENT and an ALTER FUNCTION that only turns SECURITY DEFINER on', async () => {
    expect(
      await lint("CREATE FUNCTION f() RETURNS int LANGUAGE sql SECURITY DEFINER SET search_path FROM CURRENT AS 'SELECT 1';"),
    ).toHaveLength(1);
    expect(await lint('ALTER FUNCTION f() SECURITY DEFINER;')).toHaveLength(1);
  });

  it('accepts a pinned search_path, also on ALTER FUNCTION, and SECURITY INVOKER', async () => {
    expect(await lint('ALTER FUNCTION f() SECURITY DEFINER SET search_path = app, pg_temp;')).toEqual([]);
    expect(await lint("CREATE FUNCTION f() RETURNS int LANGUAGE sql SECURITY INVOKER AS 'SELECT 1';")).toEqual([]);
  });

  it('reports a SECURITY DEFINER function that a DO block creates', async () => {
    const [finding] = await lint(
      "DO $$ BEGIN CREATE FUNCTION purge() RETURNS void LANGUAGE sql SECURITY DEFINER AS 'DELETE FROM t'; END $$;",
    );
    expect(finding!.message.startsWith('Inside this DO block: Function "purge" runs with the privileges of its owner')).toBe(true);
  });
});
