import { describe, expect, it } from '@jest/globals';
import rule from '../../src/rules/rename-enum-value.js';
import { lintSql } from '../helpers/lint-sql.js';

const lint = (sql: string, options: Parameters<typeof lintSql>[1] = {}) => lintSql(sql, { ...options, rules: [rule] });

describe('rename-enum-value', () => {
  it('reports the statement as downtime', async () => {
    const findings = await lint("SET lock_timeout = 1000;\nALTER TYPE shop.state\n  RENAME VALUE 'new' TO 'created';");
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ line: 2, column: 1, endLine: 3, endColumn: 34, risk: 'downtime', severity: 'error' });
    expect(findings[0]!.message).toMatchInlineSnapshot(
      `"ALTER TYPE "shop.state" RENAME VALUE 'new' TO 'created' breaks the application version that is running: from the commit on, every insert, update, filter or cast that still uses 'new' fails with "invalid input value for enum", until new code is deployed everywhere. Add 'created' with ADD VALUE, deploy code that reads both and writes 'created', backfill existing rows in batches, then stop using 'new'."`,
    );
  });

  it('accepts renames in an enum created in the change (base enums are existing)', async () => {
    expect(await lint("CREATE TYPE shop.state AS ENUM ('new');\nALTER TYPE shop.state RENAME VALUE 'new' TO 'created';")).toEqual([]);
    const base = "CREATE TYPE shop.state AS ENUM ('new');";
    expect(await lint("ALTER TYPE shop.state RENAME VALUE 'new' TO 'created';", { base })).toHaveLength(1);
  });
});
