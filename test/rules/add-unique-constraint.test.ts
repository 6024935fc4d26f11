import { describe, expect, it } from '@jest/globals';
import rule from '../../src/rules/add-unique-constraint.js';
import { lintSql } from '../helpers/lint-sql.js';
import { syntaxErrors } from '../helpers/apply-fix.js';

const lint = (sql: string, options: Parameters<typeof lintSql>[1] = {}) => lintSql(sql, { ...options, rules: [rule] });
const suggestedSql = (description: string) => description.slice(description.indexOf('\n') + 1);

describe('add-unique-constraint', () => {
  it('underlines the UNIQUE clause and suggests the concurrent index plus USING INDEX', async () => {
    const sql = 'ALTER TABLE users\n  ADD CONSTRAINT users_email_key UNIQUE (email);';
    const [finding] = await lint(sql);
    expect(finding).toMatchObject({ line: 2, column: 7, endLine: 2, endColumn: 48, risk: 'downtime', severity: 'error' });
    expect(finding!.message).toMatchInlineSnapshot(
      `"Adding UNIQUE constraint "users_email_key" to existing table "users" builds a unique index while holding ACCESS EXCLUSIVE on "users": all reads and writes on "users" wait until the index is built, which grows with the table. Instead build the index with CREATE UNIQUE INDEX CONCURRENTLY and attach it with ALTER TABLE … ADD CONSTRAINT … UNIQUE USING INDEX, which takes only a brief lock."`,
    );
    expect(finding!.fix?.description).toMatchInlineSnapshot(`
     "Run these instead (the first outside a transaction block):
     CREATE UNIQUE INDEX CONCURRENTLY users_email_key ON users (email);
     ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_key;"
    `);
  });

  it('carries INCLUDE, NULLS NOT DISTINCT and DEFERRABLE over, names like PostgreSQL and quotes reserved words', async () => {
    const sql = 'ALTER TABLE "user" ADD UNIQUE NULLS NOT DISTINCT ("order", tenant) INCLUDE (name) DEFERRABLE INITIALLY DEFERRED;';
    const [finding] = await lint(sql);
    const suggested = suggestedSql(finding!.fix!.description);
    expect(suggested).toBe(
      'CREATE UNIQUE INDEX CONCURRENTLY user_order_tenant_key ON "user" ("order", tenant) INCLUDE (name) NULLS NOT DISTINCT;\n' +
        'ALTER TABLE "user" ADD CONSTRAINT user_order_tenant_key UNIQUE USING INDEX user_order_tenant_key DEFERRABLE INITIALLY DEFERRED;',
    );
    expect(await syntaxErrors(suggested)).toEqual([]);
  });

  it('reports ADD COLUMN … UNIQUE, which builds the index too', async () => {
    const [finding] = await lint('ALTER TABLE sales.users ADD COLUMN external_id text UNIQUE;');
    expect(finding!.message).toContain('Adding column "external_id" with UNIQUE to existing table "sales.users"');
    expect(suggestedSql(finding!.fix!.description)).toContain(
      'CREATE UNIQUE INDEX CONCURRENTLY users_external_id_key ON sales.users (external_id);',
    );
  });

  it('does not report USING INDEX, new tables or partitioned parents', async () => {
    expect(await lint('ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_key;')).toEqual([]);
    expect(await lint('CREATE TABLE t (a int);\nALTER TABLE t ADD UNIQUE (a);')).toEqual([]);
    expect(
      await lint('ALTER TABLE events ADD UNIQUE (id, at);', { base: 'CREATE TABLE events (id bigint, at date) PARTITION BY RANGE (at);' }),
    ).toEqual([]);
  });
});
