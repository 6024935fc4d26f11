import { describe, expect, it } from '@jest/globals';
import rule from '../../src/rules/set-not-null.js';
import { lintSql } from '../helpers/lint-sql.js';

const lint = (sql: string, options: Parameters<typeof lintSql>[1] = {}) => lintSql(sql, { ...options, rules: [rule] });

describe('set-not-null', () => {
  it('underlines SET NOT NULL of each column of a multi-command ALTER', async () => {
    const findings = await lint('ALTER TABLE users\n  ALTER COLUMN email SET NOT NULL,\n  ALTER "Name" SET  NOT NULL;');
    expect(findings.map(({ line, column, endLine, endColumn }) => ({ line, column, endLine, endColumn }))).toEqual([
      { line: 2, column: 22, endLine: 2, endColumn: 34 },
      { line: 3, column: 16, endLine: 3, endColumn: 29 },
    ]);
    expect(findings[0]).toMatchObject({ risk: 'downtime', severity: 'error' });
    expect(findings[0]!.message).toMatchInlineSnapshot(
      `"SET NOT NULL on column "email" of existing table "users" holds ACCESS EXCLUSIVE while it scans the whole table for nulls: all reads and writes on "users" wait for the scan, which grows with the table. Add CHECK ("email" IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT in a separate transaction (writes continue), then SET NOT NULL, which skips the scan thanks to the valid check, and drop the check."`,
    );
    expect(findings[1]!.fix?.description).toMatchInlineSnapshot(`
     "1. ALTER TABLE users ADD CONSTRAINT "users_Name_not_null" CHECK ("Name" IS NOT NULL) NOT VALID;
     2. ALTER TABLE users VALIDATE CONSTRAINT "users_Name_not_null";  -- own transaction; SHARE UPDATE EXCLUSIVE, reads and writes continue
     3. ALTER TABLE users ALTER COLUMN "Name" SET NOT NULL;  -- no scan: the valid check proves it
     4. ALTER TABLE users DROP CONSTRAINT "users_Name_not_null";"
    `);
  });

  it('accepts SET NOT NULL after a validated CHECK (col IS NOT NULL), even unnamed or with AND', async () => {
    const unnamed =
      'ALTER TABLE users ADD CHECK (email IS NOT NULL) NOT VALID;\nALTER TABLE users VALIDATE CONSTRAINT users_email_check;\n';
    expect(await lint(`${unnamed}ALTER TABLE users ALTER COLUMN email SET NOT NULL;`)).toEqual([]);
    const combined = 'ALTER TABLE users ADD CONSTRAINT ok CHECK (email IS NOT NULL AND name IS NOT NULL);\n';
    expect(await lint(`${combined}ALTER TABLE users ALTER COLUMN name SET NOT NULL;`)).toEqual([]);
  });

  it('reports when the proving check was dropped, belongs to another table, or another column', async () => {
    const added = 'ALTER TABLE users ADD CONSTRAINT c CHECK (email IS NOT NULL);\n';
    expect(await lint(`${added}ALTER TABLE users DROP CONSTRAINT c;\nALTER TABLE users ALTER email SET NOT NULL;`)).toHaveLength(1);
    expect(await lint(`${added}ALTER TABLE accounts ALTER email SET NOT NULL;`)).toHaveLength(1);
    expect(await lint(`${added}ALTER TABLE users ALTER name SET NOT NULL;`)).toHaveLength(1);
  });

  it('needs PostgreSQL 12 for the check to help', async () => {
    const sql = 'ALTER TABLE users ADD CONSTRAINT c CHECK (email IS NOT NULL);\nALTER TABLE users ALTER email SET NOT NULL;';
    const [finding] = await lint(sql, { pgVersion: 11 });
    expect(finding!.message).toContain('Before PostgreSQL 12 SET NOT NULL always scans');
  });

  it('reports a PostgreSQL 18 NOT NULL constraint added without NOT VALID, at the constraint', async () => {
    const [finding] = await lint('ALTER TABLE users ADD CONSTRAINT users_email_nn NOT NULL email;', { pgVersion: 18 });
    expect(finding).toMatchObject({ line: 1, column: 23 });
    expect(finding!.fix?.description).toContain('NOT NULL email NOT VALID');
  });

  it('ignores columns already NOT NULL and new tables', async () => {
    expect(await lint('ALTER TABLE users ALTER email SET NOT NULL;', { base: 'CREATE TABLE users (email text NOT NULL);' })).toEqual([]);
    expect(await lint('CREATE TABLE users (email text);\nALTER TABLE users ALTER email SET NOT NULL;')).toEqual([]);
  });
});
