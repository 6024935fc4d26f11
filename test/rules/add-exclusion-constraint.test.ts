import { describe, expect, it } from '@jest/globals';
import rule from '../../src/rules/add-exclusion-constraint.js';
import { lintSql } from '../helpers/lint-sql.js';

const lint = (sql: string, options: Parameters<typeof lintSql>[1] = {}) => lintSql(sql, { ...options, rules: [rule] });

describe('add-exclusion-constraint', () => {
  it('underlines the EXCLUDE clause and says there is no online way', async () => {
    const sql =
      'ALTER TABLE bookings\n  ADD CONSTRAINT no_overlap EXCLUDE USING gist (room_id WITH =, during WITH &&),\n  ADD COLUMN note text;';
    const [finding] = await lint(sql);
    expect(finding).toMatchObject({ line: 2, column: 7, endLine: 2, endColumn: 80, risk: 'downtime', severity: 'error' });
    expect(finding!.fix).toBeUndefined();
    expect(finding!.message).toMatchInlineSnapshot(
      `"Adding exclusion constraint "no_overlap" to existing table "bookings" builds its index and checks every row against the others while holding ACCESS EXCLUSIVE on "bookings": all reads and writes wait for the whole build, which grows with the table. Exclusion constraints cannot be added NOT VALID or from an index built beforehand, so there is no online way: run it in a maintenance window, or create a new table with the constraint, copy the rows over in batches and switch to it."`,
    );
  });

  it('does not report exclusion constraints of new tables', async () => {
    const sql = 'CREATE TABLE slots (during tstzrange);\nALTER TABLE slots ADD EXCLUDE USING gist (during WITH &&);';
    expect(await lint(sql)).toEqual([]);
  });
});
