import { describe, expect, it } from '@jest/globals';
import rule from '../../src/rules/alter-domain-add-constraint.js';
import { lintSql } from '../helpers/lint-sql.js';

const lint = (sql: string) => lintSql(sql, { rules: [rule] });

describe('alter-domain-add-constraint', () => {
  it('reports the whole statement and offers NOT VALID as an exact fix', async () => {
    const findings = await lint(
      "SET lock_timeout = 1000;\nALTER DOMAIN app.email\n  ADD CONSTRAINT email_has_at CHECK (VALUE LIKE '%@%');",
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ line: 2, column: 1, endLine: 3, endColumn: 55, risk: 'downtime', severity: 'error' });
    expect(findings[0]!.message).toMatchInlineSnapshot(
      `"ALTER DOMAIN "app.email" ADD CONSTRAINT checks every column of every table that uses the domain "app.email", holding a SHARE lock on each of those tables: writes to all of them wait until the last one has been scanned, and the locks last until the transaction commits. Add it with NOT VALID (new and updated values are checked at once), then run ALTER DOMAIN … VALIDATE CONSTRAINT in its own transaction."`,
    );
    expect(findings[0]!.fix?.replacement).toBe("ALTER DOMAIN app.email\n  ADD CONSTRAINT email_has_at CHECK (VALUE LIKE '%@%') NOT VALID");
  });

  it('reports ADD NOT NULL and SET NOT NULL with the CHECK alternative, without a replacement', async () => {
    const [added] = await lint('ALTER DOMAIN email ADD NOT NULL;');
    expect(added!.message).toContain('CHECK (VALUE IS NOT NULL) NOT VALID');
    expect(added!.fix).toBeUndefined();
    const [set] = await lint('ALTER DOMAIN email SET NOT NULL;');
    expect(set!.message).toContain('SET NOT NULL checks every column');
  });

  it('accepts NOT VALID, VALIDATE, other ALTER DOMAIN forms, CREATE DOMAIN and domains created in the file', async () => {
    expect(await lint("ALTER DOMAIN email ADD CONSTRAINT c CHECK (VALUE <> '') NOT VALID;")).toEqual([]);
    expect(await lint('ALTER DOMAIN email VALIDATE CONSTRAINT c;')).toEqual([]);
    expect(await lint("ALTER DOMAIN email SET DEFAULT '';\nALTER DOMAIN email DROP NOT NULL;")).toEqual([]);
    expect(await lint("CREATE DOMAIN app.email AS text;\nALTER DOMAIN app.email ADD CHECK (VALUE <> '');")).toEqual([]);
  });
});
