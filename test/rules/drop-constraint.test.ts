import { describe, expect, it } from '@jest/globals';
import rule from '../../src/rules/drop-constraint.js';
import { lintSql } from '../helpers/lint-sql.js';

const lint = (sql: string) => lintSql(sql, { rules: [rule] });

describe('drop-constraint', () => {
  it('underlines the constraint name and says when the type is unknown', async () => {
    const findings = await lint('ALTER TABLE payments\n  DROP CONSTRAINT IF EXISTS amount_positive;');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ line: 2, column: 29, endLine: 2, endColumn: 44, risk: 'safe', severity: 'notice' });
    expect(findings[0]!.message).toMatchInlineSnapshot(
      `"Dropping constraint "amount_positive" from existing table "payments" is quick (a brief ACCESS EXCLUSIVE lock), but the database stops enforcing it. dbarch cannot tell from its name whether it is a foreign key (orphans become possible), a check (rejected values become possible), or a unique or primary key (duplicates become possible, and its index goes too). Make sure nothing relies on it."`,
    );
  });

  it('guesses the type from PostgreSQL default names', async () => {
    const [primary] = await lint('ALTER TABLE users DROP CONSTRAINT users_pkey;');
    expect(primary!.message).toContain('judging by its name it is the primary key');
    const [unique] = await lint('ALTER TABLE users DROP CONSTRAINT users_email_key;');
    expect(unique!.message).toContain('unique constraint');
  });

  it('knows the type when the file defined the constraint on an existing table before', async () => {
    const sql = 'ALTER TABLE orders ADD CONSTRAINT total_ok CHECK (total > 0) NOT VALID;\nALTER TABLE orders DROP CONSTRAINT total_ok;';
    // Added in the change: nothing to lose.
    expect(await lint(sql)).toEqual([]);
  });

  it('does not report a drop that the file replaces with a constraint of the same name', async () => {
    expect(
      await lint("ALTER TABLE orders DROP CONSTRAINT status_check, ADD CONSTRAINT status_check CHECK (status <> '') NOT VALID;"),
    ).toEqual([]);
  });
});
