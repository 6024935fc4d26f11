import { describe, expect, it } from '@jest/globals';
import rule from '../../src/rules/grant-to-public.js';
import { lintSql } from '../helpers/lint-sql.js';

const lint = (sql: string) => lintSql(sql, { rules: [rule] });

describe('grant-to-public', () => {
  it('names the privileges and the objects', async () => {
    const [finding] = await lint('GRANT SELECT, UPDATE ON users TO app, PUBLIC;');
    expect(finding!.message).toContain('grants SELECT, UPDATE on the table to PUBLIC');
    const [schema] = await lint('GRANT USAGE ON SCHEMA reporting TO public;');
    expect(schema!.message).toContain('grants USAGE on the schema to PUBLIC');
    const [defaults] = await lint('ALTER DEFAULT PRIVILEGES GRANT INSERT ON TABLES TO PUBLIC;');
    expect(defaults!.message).toContain('on objects created from now on');
  });

  it('reports making every role a member of a role', async () => {
    const [finding] = await lint('GRANT admin TO PUBLIC;');
    expect(finding!.message).toContain('ADMIN');
  });

  it('leaves grants to roles and revokes from PUBLIC alone', async () => {
    expect(
      await lint(
        'GRANT SELECT ON users TO reader;\nREVOKE ALL ON users FROM PUBLIC;\nALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;',
      ),
    ).toEqual([]);
  });

  it('reports a grant to PUBLIC that a DO block runs, directly or through EXECUTE of a constant string', async () => {
    const [direct] = await lint('DO $$ BEGIN GRANT SELECT ON users TO PUBLIC; END $$;');
    expect(direct!.message).toMatch(/^Inside this DO block: This grants SELECT on the table to PUBLIC/);
    const [executed] = await lint("DO $$ BEGIN EXECUTE 'GRANT ALL ON TABLE users TO PUBLIC'; END $$;");
    expect(executed!.message).toMatch(/^Inside this DO block, through EXECUTE: This grants ALL PRIVILEGES/);
    // A statement built at run time cannot be known: nothing is claimed about it.
    expect(await lint("DO $$ BEGIN EXECUTE format('GRANT SELECT ON %I TO reader', 'users'); END $$;")).toEqual([]);
  });
});
