import type { DryRunFileInput, DryRunStatementInput } from '../../src/dry-run/types.js';

/** A small shop schema as the base, and helpers to write changed files statement by statement. */
export const SHOP_BASE = [
  {
    path: 'db/001_shop.sql',
    content: `CREATE TABLE customers (id bigint PRIMARY KEY, email text, name text);
CREATE TABLE orders (id int PRIMARY KEY, customer_id bigint, total int NOT NULL, note varchar(100));
CREATE TABLE items (id int PRIMARY KEY, order_id int, sku text NOT NULL);
`,
  },
];

/** One statement per line; `outside` marks statements the tool runs outside a transaction. */
export function changedFile(path: string, lines: string[], options: { outside?: number[] } = {}): DryRunFileInput {
  const statements: DryRunStatementInput[] = lines.map((text, index) => ({
    index,
    text,
    line: index + 1,
    endLine: index + 1,
    inTransaction: !(options.outside ?? []).includes(index),
    relations: [...text.matchAll(/\b(customers|orders|items)\b/g)].map((match) => match[1]!),
  }));
  return { path, statements };
}
