import { describe, expect, it } from '@jest/globals';
import rule from '../../src/rules/add-check-validates.js';
import { applyFix, syntaxErrors } from '../helpers/apply-fix.js';
import { lintSql } from '../helpers/lint-sql.js';

const lint = (sql: string, options: Parameters<typeof lintSql>[1] = {}) => lintSql(sql, { ...options, rules: [rule] });

describe('add-check-validates', () => {
  it('underlines the CHECK clause of a multi-line ALTER and appends NOT VALID before a trailing comment', async () => {
    const sql = 'ALTER TABLE orders\n  ADD CONSTRAINT orders_total_positive\n    CHECK (total >= 0 AND (discount <= total)) -- money\n;';
    const [finding] = await lint(sql);
    expect(finding).toMatchObject({ line: 2, column: 7, endLine: 3, endColumn: 47, risk: 'downtime', severity: 'error' });
    expect(finding!.message).toMatchInlineSnapshot(
      `"Adding CHECK constraint "orders_total_positive" to existing table "orders" holds ACCESS EXCLUSIVE on "orders" while it reads every row to verify it: all reads and writes on "orders" wait for the whole scan. Add it with NOT VALID (new and updated rows are checked at once, the lock is brief), then run ALTER TABLE "orders" VALIDATE CONSTRAINT "orders_total_positive" in a later migration: validation takes SHARE UPDATE EXCLUSIVE, so reads and writes continue."`,
    );
    const fixed = applyFix(sql, finding!);
    expect(fixed).toBe(
      'ALTER TABLE orders\n  ADD CONSTRAINT orders_total_positive\n    CHECK (total >= 0 AND (discount <= total)) NOT VALID -- money\n;',
    );
    expect(await syntaxErrors(fixed)).toEqual([]);
    expect(await lint(fixed)).toEqual([]);
  });

  it('keeps NO INHERIT inside the clause and lower case', async () => {
    const [finding] = await lint('alter table orders add check (quantity > 0) no inherit, add column note text;');
    expect(finding!.fix?.replacement).toBe('check (quantity > 0) no inherit not valid');
    expect(finding!.message).toContain('Name the constraint');
  });

  it('counts columns in characters, not bytes, around non-ASCII names and strings', async () => {
    const sql = 'ALTER TABLE café ADD CONSTRAINT «ç» CHECK (prix > 0), ADD CONSTRAINT "ü" CHECK (x <> \'é\');';
    const findings = await lint(sql);
    expect(findings.map((finding) => [finding.column, finding.endColumn, finding.fix?.replacement])).toEqual([
      [22, 53, 'CONSTRAINT «ç» CHECK (prix > 0) NOT VALID'],
      [59, 90, 'CONSTRAINT "ü" CHECK (x <> \'é\') NOT VALID'],
    ]);
  });

  it('reports a CHECK attached to ADD COLUMN, which scans too and cannot be NOT VALID', async () => {
    const [finding] = await lint('ALTER TABLE orders ADD COLUMN discount numeric CHECK (discount BETWEEN 0 AND 1);');
    expect(finding!.message).toContain('Adding column "discount" with a CHECK constraint');
    expect(finding!.fix?.replacement).toBeUndefined();
  });

  it('does not report NOT VALID, NOT ENFORCED, foreign tables or new tables', async () => {
    expect(await lint('ALTER TABLE orders ADD CONSTRAINT c CHECK (total >= 0) NOT VALID;')).toEqual([]);
    expect(await lint('ALTER TABLE orders ADD CONSTRAINT c CHECK (total >= 0) NOT ENFORCED;', { pgVersion: 18 })).toEqual([]);
    expect(await lint('ALTER FOREIGN TABLE remote_orders ADD CHECK (total >= 0);')).toEqual([]);
    expect(await lint('CREATE TABLE t (total numeric);\nALTER TABLE t ADD CHECK (total >= 0);')).toEqual([]);
  });
});
