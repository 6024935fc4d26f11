import { beforeAll, describe, expect, it } from '@jest/globals';
import { SchemaFacts } from '../../src/analysis/schema-facts.js';
import { loadSqlParser, parseSql } from '../../src/parse/sql/parse-sql.js';

beforeAll(() => loadSqlParser());

function factsAfter(sql: string, origin: 'base' | 'change' = 'change'): SchemaFacts {
  const facts = new SchemaFacts(origin);
  for (const statement of parseSql(sql).statements) facts.apply(statement);
  return facts;
}

describe('SchemaFacts', () => {
  it('records tables, column types and the origin of each object', () => {
    const facts = factsAfter(
      'CREATE TABLE shop.orders (id bigint PRIMARY KEY, note varchar(100), placed_at timestamptz NOT NULL);',
      'base',
    );
    expect(facts.isNewTable('shop.orders')).toBe(false);
    expect(facts.column('shop.orders', 'note')).toMatchObject({ type: 'varchar(100)', notNull: false });
    expect(facts.column('shop.orders', 'placed_at')).toMatchObject({ type: 'timestamptz', notNull: true });
    expect(facts.column('shop.orders', 'id')?.notNull).toBe(true);
  });

  it('treats public.x and x as the same table, and follows renames', () => {
    const facts = factsAfter(
      'CREATE TABLE public.users (id int);\nALTER TABLE users RENAME TO accounts;\nALTER TABLE accounts RENAME COLUMN id TO account_id;',
    );
    expect(facts.isNewTable('users')).toBe(false);
    expect(facts.column('accounts', 'account_id')?.type).toBe('integer');
  });

  it('knows index and key column lists, including keys added by ALTER TABLE … USING INDEX', () => {
    const facts = factsAfter(
      'CREATE TABLE t (id bigint PRIMARY KEY, a int, b int, c int);\nCREATE INDEX t_ab ON t (a, b);\nCREATE UNIQUE INDEX t_c ON t (c);\nALTER TABLE t ADD CONSTRAINT t_c_key UNIQUE USING INDEX t_c;',
    );
    expect(facts.indexedColumnLists('t')).toEqual([['a', 'b'], ['c'], ['id'], ['c']]);
  });

  it('tracks constraints that prove a column non-null through ADD, VALIDATE and DROP', () => {
    const facts = factsAfter('CREATE TABLE t (a int, b int);', 'base').withOrigin('change');
    const apply = (sql: string) => parseSql(sql).statements.forEach((statement) => facts.apply(statement));
    apply('ALTER TABLE t ADD CONSTRAINT t_a_nn CHECK (a IS NOT NULL AND b > 0) NOT VALID;');
    expect(facts.hasValidatedNotNullProof('t', 'a')).toBe(false);
    apply('ALTER TABLE t VALIDATE CONSTRAINT t_a_nn;');
    expect(facts.hasValidatedNotNullProof('t', 'a')).toBe(true);
    expect(facts.hasValidatedNotNullProof('t', 'b')).toBe(false);
    apply('ALTER TABLE t DROP CONSTRAINT t_a_nn;');
    expect(facts.hasValidatedNotNullProof('t', 'a')).toBe(false);
    apply('ALTER TABLE t ADD CHECK (b IS NOT NULL);');
    expect(facts.hasValidatedNotNullProof('t', 'b')).toBe(true);
  });

  it('marks a column NOT NULL from a validated PostgreSQL 18 NOT NULL constraint', () => {
    const facts = factsAfter('CREATE TABLE t (a int);\nALTER TABLE t ADD CONSTRAINT t_a_not_null NOT NULL a;');
    expect(facts.column('t', 'a')?.notNull).toBe(true);
  });
});
