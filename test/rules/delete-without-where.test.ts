import { describe, expect, it } from '@jest/globals';
import rule from '../../src/rules/delete-without-where.js';
import { lintSql } from '../helpers/lint-sql.js';

const lint = (sql: string) => lintSql(sql, { rules: [rule] });

describe('delete-without-where', () => {
  it('reports a DELETE with no WHERE on an existing table', async () => {
    const findings = await lint('SET lock_timeout = 1000;\nDELETE FROM\n  audit_log;');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ line: 2, column: 1, endLine: 3, endColumn: 12, risk: 'destructive', severity: 'error' });
    expect(findings[0]!.message).toMatchInlineSnapshot(
      `"DELETE without WHERE deletes every row of existing table "audit_log" for good once the transaction commits; until then each deleted row stays locked, so concurrent updates of any of them wait, for a time that grows with the table. Add the WHERE clause you meant; if the table must really be emptied, archive it first and do it as a separate, acknowledged step."`,
    );
  });

  it('leaves DELETE … WHERE and UPDATE without WHERE to backfill-in-migration', async () => {
    expect(await lint("DELETE FROM audit_log WHERE created_at < now() - interval '1 year';")).toEqual([]);
    expect(await lint("UPDATE users SET locale = 'en';")).toEqual([]);
  });

  it('ignores tables created in the change', async () => {
    expect(await lint('CREATE TABLE t (id bigint PRIMARY KEY);\nDELETE FROM t;')).toEqual([]);
  });
});
