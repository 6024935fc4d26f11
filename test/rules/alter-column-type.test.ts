import { describe, expect, it } from '@jest/globals';
import rule from '../../src/rules/alter-column-type.js';
import { lintSql } from '../helpers/lint-sql.js';

const lint = (sql: string, options: Parameters<typeof lintSql>[1] = {}) => lintSql(sql, { ...options, rules: [rule] });
const base =
  'CREATE TABLE items (id integer, name varchar(100), code text, price numeric(10,2), ratio double precision, net cidr, at timestamp, bits varbit(8), tags varchar(10)[]);';

describe('alter-column-type', () => {
  it('with an unknown old type: error naming the binary-compatible exceptions, at the new type', async () => {
    const findings = await lint('SET lock_timeout = 1000;\nALTER TABLE orders\n  ALTER COLUMN amount TYPE bigint;');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ line: 3, column: 28, endLine: 3, endColumn: 34, risk: 'downtime', severity: 'error' });
    expect(findings[0]!.message).toMatchInlineSnapshot(
      `"ALTER COLUMN "amount" TYPE bigint on existing table "orders" rewrites the whole table and rebuilds all its indexes under ACCESS EXCLUSIVE, unless it is a binary-compatible change such as varchar(n) to a longer varchar or to text, or numeric(p,s) to a higher precision with the same scale (dbarch does not know the column's current type): all reads and writes on "orders" wait until it finishes, which grows with the table. Add a new column of the new type, write to both, backfill in batches, switch reads, then drop the old column."`,
    );
  });

  it.each([
    ['name', 'varchar(100)'],
    ['name', 'varchar(200)'],
    ['name', 'varchar'],
    ['name', 'text'],
    ['code', 'varchar'],
    ['price', 'numeric(12,2)'],
    ['price', 'numeric'],
    ['net', 'inet'],
    ['bits', 'varbit(16)'],
    ['at', 'timestamp(6)'],
  ])('does not report the binary-compatible change of %s to %s', async (column, type) => {
    expect(await lint(`ALTER TABLE items ALTER COLUMN ${column} TYPE ${type};`, { base })).toEqual([]);
  });

  it.each([
    ['id', 'bigint'],
    ['code', 'varchar(20)'],
    ['price', 'numeric(12,3)'],
    ['tags', 'text[]'],
    ['ratio', 'numeric'],
  ])('reports the rewriting change of %s to %s', async (column, type) => {
    const findings = await lint(`ALTER TABLE items ALTER COLUMN ${column} TYPE ${type};`, { base });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ risk: 'downtime', severity: 'error' });
  });

  it('says a shorter varchar fails rather than truncates', async () => {
    const [finding] = await lint('ALTER TABLE items ALTER COLUMN name TYPE varchar(50);', { base });
    expect(finding).toMatchObject({ risk: 'downtime' });
    expect(finding!.message).toContain('(currently varchar(100))');
    expect(finding!.message).toContain('it fails if any existing value is longer than 50 characters');
  });

  it.each([
    ['name', 'varchar(50) USING left(name, 50)', 'left() keeps only part of each value'],
    ['name', 'varchar(50) USING name::varchar(50)', 'values longer than 50 characters are silently cut'],
    ['price', 'numeric(10,1)', 'digits beyond scale 1 are rounded away'],
    ['price', 'integer', 'fractional parts are rounded away'],
    ['ratio', 'real', 'precision beyond about 6 digits'],
    ['at', 'date', 'the time of day is dropped'],
    ['at', 'timestamp(0)', 'fractional seconds are rounded to 0 digits'],
  ])('reports %s TYPE %s as destructive', async (column, change, loss) => {
    const [finding] = await lint(`ALTER TABLE items ALTER COLUMN ${column} TYPE ${change};`, { base });
    expect(finding).toMatchObject({ risk: 'destructive', severity: 'error' });
    expect(finding!.message).toContain(loss);
  });

  it('is destructive with an unknown old type when USING keeps part of the value, and underlines the function', async () => {
    const [finding] = await lint('ALTER TABLE users ALTER COLUMN bio TYPE varchar(200) USING substr(bio, 1, 200);');
    expect(finding).toMatchObject({ risk: 'destructive', column: 60, endColumn: 66 });
  });

  it('does not call a USING cast that cannot lose data destructive', async () => {
    const [finding] = await lint('ALTER TABLE items ALTER COLUMN code TYPE integer USING code::integer;', { base });
    expect(finding).toMatchObject({ risk: 'downtime' });
  });

  it('timestamp to timestamptz: notice on PostgreSQL 12+, nothing with a UTC session, error before 12', async () => {
    const sql = 'ALTER TABLE items ALTER COLUMN at TYPE timestamptz;';
    const [notice] = await lint(sql, { base });
    expect(notice).toMatchObject({ severity: 'notice', risk: 'safe' });
    expect(notice!.message).toMatchInlineSnapshot(
      `"ALTER COLUMN "at" TYPE timestamptz on existing table "items" (currently timestamp): since PostgreSQL 12 this skips the table rewrite only when the session TimeZone is UTC, which dbarch cannot see from here; otherwise it rewrites the whole table and rebuilds all its indexes under ACCESS EXCLUSIVE: all reads and writes on "items" wait until it finishes, which grows with the table. Set the session to UTC right before it (SET timezone = 'UTC', or SET LOCAL inside a transaction); indexes on "at" are rebuilt either way."`,
    );
    expect(await lint(`SET TIME ZONE 'Etc/UTC';\n${sql}`, { base })).toEqual([]);
    expect(await lint(`SET timezone = 'Europe/Paris';\n${sql}`, { base })).toHaveLength(1);
    const [old] = await lint(sql, { base, pgVersion: 11 });
    expect(old).toMatchObject({ severity: 'error', risk: 'downtime' });
  });

  it('knows the type from earlier in the change', async () => {
    expect(
      await lint('ALTER TABLE items ALTER COLUMN name TYPE varchar(30);\nALTER TABLE items ALTER COLUMN name TYPE varchar(40);', { base }),
    ).toHaveLength(1);
  });

  it('warns that a collation change rebuilds indexes', async () => {
    const [finding] = await lint('ALTER TABLE items ALTER COLUMN code TYPE text COLLATE "C";', { base });
    expect(finding).toMatchObject({ severity: 'warning', risk: 'downtime' });
  });

  it('ignores tables created in the change', async () => {
    expect(await lint('CREATE TABLE t (id integer);\nALTER TABLE t ALTER COLUMN id TYPE bigint;')).toEqual([]);
  });

  it('rewrites timestamp to timestamptz when the file set a session zone other than UTC', async () => {
    const [finding] = await lint(`SET timezone = 'America/Los_Angeles';\nALTER TABLE items ALTER COLUMN at TYPE timestamptz;`, { base });
    expect(finding).toMatchObject({ severity: 'error', risk: 'downtime', line: 2 });
    expect(finding!.message).toContain("session time zone 'America/Los_Angeles' set earlier in this file");
  });

  it.each([
    ['a widening cast Django writes on every AlterField', 'name', 'varchar(1000) USING name::varchar(1000)'],
    ['a cast to the same type as the column becomes', 'code', 'varchar USING code::varchar'],
    ['time precision increase', 'opens', 'time(3)'],
    ['time precision to the default (6)', 'opens', 'time'],
    ['timetz precision increase', 'closes', 'timetz(6)'],
    ['text to citext (cast WITHOUT FUNCTION)', 'code', 'citext'],
    ['varchar to citext', 'name', 'citext'],
    ['citext back to text', 'email', 'text'],
  ])('does not report %s', async (_, column, type) => {
    const times =
      'CREATE EXTENSION citext;\nCREATE TABLE slots (opens time(0), closes timetz(2), name varchar(255), code text, email citext);';
    expect(await lint(`ALTER TABLE slots ALTER COLUMN ${column} TYPE ${type};`, { base: times })).toEqual([]);
  });

  it('rounding a time to fewer fractional digits is destructive', async () => {
    const [finding] = await lint('ALTER TABLE slots ALTER COLUMN opens TYPE time(3);', { base: 'CREATE TABLE slots (opens time(6));' });
    expect(finding).toMatchObject({ risk: 'destructive', severity: 'error' });
    expect(finding!.message).toContain('fractional seconds are rounded to 3 digits');
  });

  it('warns that citext rebuilds the indexes of an indexed column (its own operator class), not the table', async () => {
    const indexed = 'CREATE TABLE people (email text);\nCREATE UNIQUE INDEX people_email ON people (email);';
    const [finding] = await lint('ALTER TABLE people ALTER COLUMN email TYPE citext;', { base: indexed });
    expect(finding).toMatchObject({ severity: 'warning', risk: 'downtime' });
    expect(finding!.message).toContain('no table rewrite');
  });
});
