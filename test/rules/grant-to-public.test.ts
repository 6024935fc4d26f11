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
});
