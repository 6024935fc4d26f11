import { describe, expect, it } from '@jest/globals';
import rule from '../../src/rules/add-column-volatile-default.js';
import { lintSql } from '../helpers/lint-sql.js';

const lint = (sql: string, options: Parameters<typeof lintSql>[1] = {}) => lintSql(sql, { ...options, rules: [rule] });

describe('add-column-volatile-default', () => {
  it('underlines the volatile call and spells out the safe steps', async () => {
    const findings = await lint(
      'SET lock_timeout = 1000;\nALTER TABLE users\n  ADD COLUMN api_token uuid NOT NULL DEFAULT gen_random_uuid();',
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ line: 3, column: 46, endLine: 3, endColumn: 61, risk: 'downtime', severity: 'error' });
    expect(findings[0]!.message).toMatchInlineSnapshot(
      `"ADD COLUMN "api_token" on existing table "users" has a volatile default (gen_random_uuid() is VOLATILE): PostgreSQL computes it for every existing row, rewriting the whole table under ACCESS EXCLUSIVE, so all reads and writes on "users" wait for a time that grows with the table. Add the column without a default, SET DEFAULT for new rows, then backfill existing rows in batches."`,
    );
    expect(findings[0]!.fix?.description).toMatchInlineSnapshot(`
     "1. ALTER TABLE users ADD COLUMN api_token uuid;
     2. ALTER TABLE users ALTER COLUMN api_token SET DEFAULT gen_random_uuid();
     3. Backfill existing rows in batches, each in its own short transaction: UPDATE users SET api_token = gen_random_uuid() WHERE api_token IS NULL AND <key range of the batch>;
     4. ALTER TABLE users ADD CONSTRAINT users_api_token_not_null CHECK (api_token IS NOT NULL) NOT VALID;
     5. ALTER TABLE users VALIDATE CONSTRAINT users_api_token_not_null;  -- own transaction; SHARE UPDATE EXCLUSIVE, reads and writes continue
     6. ALTER TABLE users ALTER COLUMN api_token SET NOT NULL;  -- no scan: the valid check proves it
     7. ALTER TABLE users DROP CONSTRAINT users_api_token_not_null;"
    `);
  });

  it.each(['clock_timestamp()', 'random()', "nextval('users_seq')", 'timeofday()', 'md5(random()::text)'])(
    'reports %s',
    async (expression) => {
      expect(await lint(`ALTER TABLE users ADD COLUMN c text DEFAULT ${expression};`)).toHaveLength(1);
    },
  );

  it.each(['now()', 'CURRENT_TIMESTAMP', 'statement_timestamp()', "'x'", 'NULL', "lower('A')", "now() + interval '1 day'"])(
    'does not report the non-volatile default %s',
    async (expression) => {
      expect(await lint(`ALTER TABLE users ADD COLUMN c text DEFAULT ${expression};`)).toEqual([]);
    },
  );

  it('says when a function is unknown and only assumed volatile', async () => {
    const [finding] = await lint('ALTER TABLE orders ADD COLUMN ref text DEFAULT billing.next_reference();');
    expect(finding!.message).toContain('billing.next_reference() is an unknown function, assumed volatile');
  });

  it('uses the volatility declared by CREATE FUNCTION earlier in the file', async () => {
    const declaredVolatile = 'CREATE FUNCTION make_ref() RETURNS text LANGUAGE sql AS $$ SELECT md5(random()::text) $$;\n';
    const [finding] = await lint(`${declaredVolatile}ALTER TABLE orders ADD COLUMN ref text DEFAULT make_ref();`);
    expect(finding!.message).toContain('make_ref() is declared VOLATILE earlier in this file');
  });

  it('before PostgreSQL 11 reports every non-null default, at the DEFAULT keyword', async () => {
    const findings = await lint("ALTER TABLE users ADD COLUMN plan text DEFAULT 'free', ADD COLUMN note text DEFAULT NULL;", {
      pgVersion: 10,
    });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ line: 1, column: 40, endColumn: 47 });
    expect(findings[0]!.message).toContain('before PostgreSQL 11 any non-null default');
  });

  it('leaves serial, identity and generated columns to add-column-rewrite', async () => {
    expect(await lint('ALTER TABLE users ADD COLUMN n bigserial;')).toEqual([]);
    expect(await lint('ALTER TABLE users ADD COLUMN n bigint GENERATED ALWAYS AS IDENTITY;')).toEqual([]);
  });

  it('ignores tables created earlier in the change, including in a base-less earlier statement', async () => {
    expect(await lint('CREATE TABLE t (id bigint);\nALTER TABLE public.t ADD COLUMN u uuid DEFAULT gen_random_uuid();')).toEqual([]);
  });
});
