import { describe, expect, it } from '@jest/globals';
import rule from '../../src/rules/audit-columns-not-null.js';
import { lintSql } from '../helpers/lint-sql.js';

const lint = (sql: string) => lintSql(sql, { rules: [rule] });

describe('audit-columns-not-null', () => {
  it('underlines the column name and says what is missing', async () => {
    const findings = await lint('CREATE TABLE n (\n  id bigint,\n  created_at timestamptz,\n  updated_at timestamptz DEFAULT now()\n);');
    expect(findings.map(({ line, column, endColumn }) => ({ line, column, endColumn }))).toEqual([
      { line: 3, column: 3, endColumn: 13 },
      { line: 4, column: 3, endColumn: 13 },
    ]);
    expect(findings[0]).toMatchObject({ risk: 'safe', severity: 'notice' });
    expect(findings[0]!.message).toMatchInlineSnapshot(
      `"Audit column "created_at" of "n" is nullable and has no default: rows inserted without it get NULL, which then means "unknown" for good. Declare it timestamptz NOT NULL DEFAULT now()."`,
    );
    expect(findings[1]!.message).toContain('"updated_at" of "n" is nullable:');
    expect(findings[1]!.message).toContain('keep it current on every UPDATE');
  });

  it('accepts NOT NULL with a default, DEFAULT NULL counts as none, other names are ignored', async () => {
    expect(await lint('CREATE TABLE n (created_at timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP, seen_at timestamptz);')).toEqual([]);
    const [finding] = await lint('ALTER TABLE n ADD COLUMN modified_at timestamptz NOT NULL DEFAULT NULL;');
    expect(finding!.message).toContain('has no default');
  });
});
