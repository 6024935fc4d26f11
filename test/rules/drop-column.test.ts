import { describe, expect, it } from '@jest/globals';
import rule from '../../src/rules/drop-column.js';
import { lintSql } from '../helpers/lint-sql.js';

const lint = (sql: string, options: Parameters<typeof lintSql>[1] = {}) => lintSql(sql, { ...options, rules: [rule] });

describe('drop-column', () => {
  it('underlines each dropped column of a multi-line statement', async () => {
    const findings = await lint(
      ['-- remove legacy fields', 'ALTER TABLE users', '  DROP COLUMN legacy_id,', '  DROP IF EXISTS "OldName" CASCADE;'].join('\n'),
    );
    expect(findings.map(({ line, column, endLine, endColumn }) => ({ line, column, endLine, endColumn }))).toEqual([
      { line: 3, column: 3, endLine: 3, endColumn: 24 },
      { line: 4, column: 3, endLine: 4, endColumn: 27 },
    ]);
    expect(findings[0]).toMatchObject({ ruleId: 'drop-column', risk: 'destructive', severity: 'error' });
    expect(findings[1]!.message).toContain('CASCADE also drops');
  });

  it('explains the data loss, the running code and the safe order', async () => {
    const [finding] = await lint('ALTER TABLE users DROP COLUMN nickname;');
    expect(finding!.message).toMatchInlineSnapshot(
      `"DROP COLUMN "nickname" deletes every value of the column on existing table "users" for good, and the application version still running fails as soon as it reads or writes "nickname" (ORMs that list every mapped column do so on each query). The drop itself only changes the catalogue, but it waits for an ACCESS EXCLUSIVE lock on "users". Remove every use of the column from the code, deploy that, and drop it in a later release."`,
    );
  });

  it('ignores columns added earlier in the change and tables created in it', async () => {
    expect(await lint('ALTER TABLE users ADD COLUMN tmp int;\nALTER TABLE users DROP COLUMN tmp;')).toEqual([]);
    expect(await lint('CREATE TABLE t (id bigint PRIMARY KEY, a int);\nALTER TABLE t DROP COLUMN a;')).toEqual([]);
  });

  it('reports a column of a table that exists in the base schema', async () => {
    const findings = await lint('ALTER TABLE public.accounts DROP COLUMN nickname;', {
      base: 'CREATE TABLE accounts (id bigint, nickname text);',
    });
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).toContain('existing table "accounts"');
  });

  it('leaves foreign tables alone (their data lives elsewhere)', async () => {
    expect(await lint('ALTER FOREIGN TABLE remote_users DROP COLUMN nickname;')).toEqual([]);
  });
});
