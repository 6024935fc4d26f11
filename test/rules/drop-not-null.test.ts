import { describe, expect, it } from '@jest/globals';
import rule from '../../src/rules/drop-not-null.js';
import { lintSql } from '../helpers/lint-sql.js';

const lint = (sql: string) => lintSql(sql, { rules: [rule] });

describe('drop-not-null', () => {
  it('underlines the ALTER COLUMN … DROP NOT NULL clause', async () => {
    const findings = await lint("ALTER TABLE users\n  ALTER COLUMN phone SET DEFAULT '',\n  ALTER COLUMN phone DROP NOT NULL;");
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ line: 3, column: 3, endLine: 3, endColumn: 35, risk: 'safe', severity: 'notice' });
    expect(findings[0]!.message).toMatchInlineSnapshot(
      `"DROP NOT NULL on "users"."phone" is a quick catalogue change, but once NULLs are stored, application code, reports and downstream consumers written when the column was always set may break (null dereferences, wrong counts and joins). Check every reader handles NULL before deploying code that writes it."`,
    );
  });

  it('ignores new columns and new tables', async () => {
    expect(await lint('ALTER TABLE users ADD COLUMN tmp int NOT NULL DEFAULT 0;\nALTER TABLE users ALTER tmp DROP NOT NULL;')).toEqual([]);
    expect(await lint('CREATE TABLE t (a int NOT NULL);\nALTER TABLE t ALTER a DROP NOT NULL;')).toEqual([]);
  });
});
