import { describe, expect, it } from '@jest/globals';
import rule from '../../src/rules/new-column-default-dropped.js';
import { lintSql } from '../helpers/lint-sql.js';

const lint = (sql: string, options: Parameters<typeof lintSql>[1] = {}) => lintSql(sql, { ...options, rules: [rule] });

describe('new-column-default-dropped', () => {
  it("reports Django's AddField(preserve_default=False): ADD COLUMN … DEFAULT 1 NOT NULL, then DROP DEFAULT", async () => {
    const sql =
      'BEGIN;\nALTER TABLE "app_a" ADD COLUMN "new_field" integer DEFAULT 1 NOT NULL;\nALTER TABLE "app_a" ALTER COLUMN "new_field" DROP DEFAULT;\nCOMMIT;';
    const findings = await lint(sql);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ line: 3, risk: 'downtime', severity: 'error' });
    expect(findings[0]!.message).toContain('its INSERTs fail');
  });

  it('reports SET DEFAULT NULL, and a column the base does not have but an earlier migration of the change added', async () => {
    expect(await lint('ALTER TABLE orders ADD COLUMN rank int NOT NULL DEFAULT 0, ALTER COLUMN rank SET DEFAULT NULL;')).toHaveLength(1);
    const base = 'CREATE TABLE orders (id bigint PRIMARY KEY);';
    const change = 'ALTER TABLE orders ADD COLUMN rank int NOT NULL DEFAULT 0;';
    expect(await lint('ALTER TABLE orders ALTER COLUMN rank DROP DEFAULT;', { base, change })).toHaveLength(1);
  });

  it('does not report a default set again later in the file (Django: NOT NULL followed by a default)', async () => {
    const sql =
      "ALTER TABLE a ADD COLUMN f integer DEFAULT 1 NOT NULL;\nALTER TABLE a ALTER COLUMN f DROP DEFAULT;\nALTER TABLE a ALTER COLUMN f SET DEFAULT '1';";
    expect(await lint(sql)).toEqual([]);
  });

  it('does not report nullable columns, columns of the base, other defaults or new tables', async () => {
    expect(await lint("ALTER TABLE orders ADD COLUMN note text DEFAULT '';\nALTER TABLE orders ALTER COLUMN note DROP DEFAULT;")).toEqual(
      [],
    );
    expect(
      await lint('ALTER TABLE orders ALTER COLUMN status DROP DEFAULT;', {
        base: "CREATE TABLE orders (status text NOT NULL DEFAULT 'new');",
      }),
    ).toEqual([]);
    expect(
      await lint('ALTER TABLE orders ADD COLUMN rank int NOT NULL DEFAULT 0;\nALTER TABLE orders ALTER COLUMN rank SET DEFAULT 5;'),
    ).toEqual([]);
    expect(
      await lint(
        'CREATE TABLE t (id bigint PRIMARY KEY);\nALTER TABLE t ADD COLUMN rank int NOT NULL DEFAULT 0;\nALTER TABLE t ALTER COLUMN rank DROP DEFAULT;',
      ),
    ).toEqual([]);
  });
});
