import { describe, expect, it } from '@jest/globals';
import rule from '../../src/rules/truncate.js';
import { lintSql } from '../helpers/lint-sql.js';

const lint = (sql: string) => lintSql(sql, { rules: [rule] });

describe('truncate', () => {
  it('reports existing tables only, on the statement', async () => {
    const findings = await lint('CREATE TABLE staging (id bigint PRIMARY KEY);\nTRUNCATE staging, sessions;');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ line: 2, column: 1, endColumn: 27, risk: 'destructive', severity: 'error' });
    expect(findings[0]!.message).toContain('table "sessions"');
    expect(findings[0]!.message).not.toContain('staging');
  });

  it('calls out CASCADE', async () => {
    const [finding] = await lint('TRUNCATE customers CASCADE;');
    expect(finding!.message).toMatchInlineSnapshot(
      `"TRUNCATE deletes every row of existing table "customers" for good (no WHERE, no per-row undo), holding an ACCESS EXCLUSIVE lock until the transaction ends. CASCADE also empties every table with a foreign key to it, and the tables referencing those, recursively: rows you never named are deleted too. If the data really must go, archive it first (pg_dump --table or a copy table) and run this as a separate, acknowledged step."`,
    );
  });

  it('ignores tables created in the change', async () => {
    expect(await lint('CREATE TABLE staging (id bigint PRIMARY KEY);\nTRUNCATE TABLE staging;')).toEqual([]);
  });
});
