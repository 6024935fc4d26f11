import { beforeAll, describe, expect, it } from '@jest/globals';
import { plannedIndexes } from '../../src/analysis/planned-indexes.js';
import { loadSqlParser } from '../../src/parse/sql/parse-sql.js';

/** The indexes a change's migrations create, read before the review (rules ask for them as SchemaFacts.plannedIndexes). */

beforeAll(() => loadSqlParser());

describe('plannedIndexes', () => {
  it('collects CREATE INDEX columns and PRIMARY KEY / UNIQUE constraints by table, across files', () => {
    const planned = plannedIndexes([
      'ALTER TABLE orders ADD COLUMN user_id bigint REFERENCES users (id);\nINSERT INTO audit VALUES (1);',
      'create index concurrently orders_user_id_idx on orders (user_id);',
      'CREATE UNIQUE INDEX orders_number_idx ON orders (number, year);\nALTER TABLE items ADD CONSTRAINT items_pk primary key (order_id, position);',
      'ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);',
    ]);
    expect(Object.fromEntries(planned)).toEqual({
      orders: [['user_id'], ['number', 'year']],
      items: [['order_id', 'position']],
      users: [['email']],
    });
  });

  it('finds nothing in files without an index or key constraint, whatever their ALTER TABLEs do', () => {
    const planned = plannedIndexes([
      "INSERT INTO words VALUES ('index'), ('unique_value');",
      'ALTER TABLE orders ADD COLUMN note text;\nALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0);',
      '-- a comment that says INDEX and UNIQUE\nALTER TABLE orders ALTER COLUMN note SET NOT NULL;',
    ]);
    expect(planned.size).toBe(0);
  });
});
