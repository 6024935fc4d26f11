import { describe, expect, it } from '@jest/globals';
import rule from '../../src/rules/add-primary-key.js';
import { lintSql } from '../helpers/lint-sql.js';
import { syntaxErrors } from '../helpers/apply-fix.js';

const lint = (sql: string, options: Parameters<typeof lintSql>[1] = {}) => lintSql(sql, { ...options, rules: [rule] });

describe('add-primary-key', () => {
  it('reports the NOT NULL scan of nullable key columns known from the base schema', async () => {
    const sql = 'ALTER TABLE accounts\n  ADD CONSTRAINT accounts_pkey PRIMARY KEY (id, tenant_id);';
    const [finding] = await lint(sql, { base: 'CREATE TABLE accounts (id bigint NOT NULL, tenant_id int);' });
    expect(finding).toMatchObject({ line: 2, column: 7, endLine: 2, endColumn: 59, risk: 'downtime', severity: 'error' });
    expect(finding!.message).toMatchInlineSnapshot(
      `"Adding a primary key to existing table "accounts" builds a unique index while holding ACCESS EXCLUSIVE on "accounts", after scanning the whole table to make "tenant_id" NOT NULL: all reads and writes on "accounts" wait until it finishes, which grows with the table. Instead build the index with CREATE UNIQUE INDEX CONCURRENTLY, make the key columns NOT NULL without a long lock (ADD CHECK (column IS NOT NULL) NOT VALID, VALIDATE it, then SET NOT NULL, which then skips its scan), then attach the index with ALTER TABLE … ADD CONSTRAINT … PRIMARY KEY USING INDEX, which takes only a brief lock."`,
    );
    expect(finding!.fix?.description).toMatchInlineSnapshot(`
     "Run these instead (the index outside a transaction block):
     CREATE UNIQUE INDEX CONCURRENTLY accounts_pkey ON accounts (id, tenant_id);
     ALTER TABLE accounts ALTER COLUMN tenant_id SET NOT NULL; -- after a validated CHECK (tenant_id IS NOT NULL)
     ALTER TABLE accounts ADD CONSTRAINT accounts_pkey PRIMARY KEY USING INDEX accounts_pkey;"
    `);
    expect(await syntaxErrors(finding!.fix!.description.slice(finding!.fix!.description.indexOf('\n') + 1))).toEqual([]);
  });

  it('leaves out the NOT NULL step when the columns are known to be NOT NULL', async () => {
    const [finding] = await lint('ALTER TABLE accounts ADD PRIMARY KEY (id);', { base: 'CREATE TABLE accounts (id bigint NOT NULL);' });
    expect(finding!.message).not.toContain('NOT NULL');
    expect(finding!.fix?.description).not.toContain('SET NOT NULL');
  });

  it('hedges when nothing is known about the columns, and warns that SET NOT NULL always scans before 12', async () => {
    const [unknown] = await lint('ALTER TABLE accounts ADD PRIMARY KEY (id);');
    expect(unknown!.message).toContain('unless "id" is already NOT NULL');
    const [old] = await lint('ALTER TABLE accounts ADD PRIMARY KEY (id);', { pgVersion: 11 });
    expect(old!.message).toContain('before PostgreSQL 12, SET NOT NULL always scans');
  });

  it('does not report USING INDEX, ADD COLUMN … PRIMARY KEY, new tables or partitioned parents', async () => {
    expect(await lint('ALTER TABLE accounts ADD CONSTRAINT accounts_pkey PRIMARY KEY USING INDEX accounts_pkey;')).toEqual([]);
    expect(await lint('ALTER TABLE accounts ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY;')).toEqual([]);
    expect(await lint('CREATE TABLE t (id bigint NOT NULL);\nALTER TABLE t ADD PRIMARY KEY (id);')).toEqual([]);
    expect(
      await lint('ALTER TABLE events ADD PRIMARY KEY (id, at);', {
        base: 'CREATE TABLE events (id bigint, at date) PARTITION BY RANGE (at);',
      }),
    ).toEqual([]);
  });

  it('reports PRIMARY KEY USING INDEX on a column the base shows nullable: the implicit SET NOT NULL scans', async () => {
    const base = 'CREATE TABLE authors (name text);\nCREATE UNIQUE INDEX CONCURRENTLY authors_name_key ON authors (name);';
    const sql = 'SET lock_timeout = 1000;\nALTER TABLE authors ADD CONSTRAINT authors_pkey PRIMARY KEY USING INDEX authors_name_key;';
    const [finding] = await lint(sql, { base });
    expect(finding).toMatchObject({ line: 2, risk: 'downtime', severity: 'error' });
    expect(finding!.message).toContain('first makes "name" NOT NULL, which scans the whole table');
  });

  it('does not report PRIMARY KEY USING INDEX on NOT NULL or proven columns', async () => {
    const notNull = 'CREATE TABLE authors (name text NOT NULL);\nCREATE UNIQUE INDEX authors_name_key ON authors (name);';
    const sql = 'ALTER TABLE authors ADD CONSTRAINT authors_pkey PRIMARY KEY USING INDEX authors_name_key;';
    expect(await lint(sql, { base: notNull })).toEqual([]);
    const proven =
      'CREATE TABLE authors (name text);\nCREATE UNIQUE INDEX authors_name_key ON authors (name);\n' +
      'ALTER TABLE authors ADD CONSTRAINT name_not_null CHECK (name IS NOT NULL) NOT VALID;\nALTER TABLE authors VALIDATE CONSTRAINT name_not_null;';
    expect(await lint(sql, { base: proven })).toEqual([]);
  });
});
