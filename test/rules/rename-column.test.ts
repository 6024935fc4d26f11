import { describe, expect, it } from '@jest/globals';
import rule from '../../src/rules/rename-column.js';
import { lintSql } from '../helpers/lint-sql.js';

const lint = (sql: string) => lintSql(sql, { rules: [rule] });

describe('rename-column', () => {
  it('underlines the old column name', async () => {
    const findings = await lint('BEGIN;\nALTER TABLE users\n  RENAME COLUMN "Name" TO full_name;\nCOMMIT;');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ line: 3, column: 17, endLine: 3, endColumn: 23, risk: 'downtime', severity: 'error' });
    expect(findings[0]!.message).toMatchInlineSnapshot(
      `"Renaming column "Name" of existing table "users" to "full_name" is instant, but the application version still running keeps using "Name" and fails on every query that names it until the new version is fully deployed (the rename also waits for an ACCESS EXCLUSIVE lock). Expand and contract instead: add "full_name", write both columns, backfill, switch reads to "full_name", and drop "Name" in a later release."`,
    );
  });

  it('reports a column of an existing view too', async () => {
    expect(await lint('ALTER VIEW active_users RENAME COLUMN name TO full_name;')).toHaveLength(1);
  });

  it('ignores columns and views created earlier in the file', async () => {
    expect(await lint('ALTER TABLE users ADD COLUMN nick text;\nALTER TABLE users RENAME nick TO nickname;')).toEqual([]);
    expect(await lint('CREATE VIEW v AS SELECT 1 AS a;\nALTER VIEW v RENAME COLUMN a TO b;')).toEqual([]);
  });
});
