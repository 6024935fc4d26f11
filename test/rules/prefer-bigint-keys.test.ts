import { describe, expect, it } from '@jest/globals';
import rule from '../../src/rules/prefer-bigint-keys.js';
import { lintSql } from '../helpers/lint-sql.js';

const lint = (sql: string, options: Parameters<typeof lintSql>[1] = {}) => lintSql(sql, { ...options, rules: [rule] });

describe('prefer-bigint-keys', () => {
  it('reports 32-bit primary keys, inline or as a table constraint, at the type', async () => {
    const findings = await lint('CREATE TABLE a (\n  id int4,\n  PRIMARY KEY (id)\n);\nCREATE TABLE b (id smallserial PRIMARY KEY);');
    expect(findings.map(({ line, column, severity, risk }) => ({ line, column, severity, risk }))).toEqual([
      { line: 2, column: 6, severity: 'notice', risk: 'safe' },
      { line: 5, column: 20, severity: 'notice', risk: 'safe' },
    ]);
    expect(findings[0]!.message).toMatchInlineSnapshot(
      `"Primary key "id" of "a" is integer: its values stop at 2,147,483,647, and widening a key later rewrites the table and every table that references it. Use bigint GENERATED ALWAYS AS IDENTITY (or a UUID v7 where ids are created outside the database)."`,
    );
    expect(findings[1]!.message).toContain('stop at 32,767');
  });

  it('reports integer foreign keys, unless the existing parent key is integer too', async () => {
    const [finding] = await lint('ALTER TABLE lines ADD COLUMN order_id integer REFERENCES orders (id);');
    expect(finding!.message).toMatchInlineSnapshot(
      `"Foreign key column "order_id" of "lines" is integer: it cannot hold parent ids above 2,147,483,647, so it breaks when the parent key grows. Use bigint (and a bigint key on the parent)."`,
    );
    const base = 'CREATE TABLE orders (id integer PRIMARY KEY);';
    expect(await lint('ALTER TABLE lines ADD COLUMN order_id integer REFERENCES orders (id);', { base })).toEqual([]);
    expect(
      await lint('CREATE TABLE orders (id integer PRIMARY KEY);\nCREATE TABLE lines (order_id integer REFERENCES orders (id));'),
    ).toHaveLength(2);
  });

  it('ignores bigint keys, non-key integers and type changes', async () => {
    expect(await lint('CREATE TABLE a (id bigint PRIMARY KEY, qty integer, parent bigint REFERENCES a);')).toEqual([]);
    expect(await lint('ALTER TABLE a ALTER COLUMN id TYPE integer;')).toEqual([]);
  });

  it('speaks Prisma in a Prisma migration: BigInt @id @default(autoincrement()) in schema.prisma, not GENERATED … AS IDENTITY', async () => {
    const findings = await lint(
      'CREATE TABLE "Post" (\n    "id" SERIAL NOT NULL,\n    "authorId" INTEGER NOT NULL REFERENCES "User"("id"),\n    CONSTRAINT "Post_pkey" PRIMARY KEY ("id")\n);',
      { tool: 'prisma', path: 'prisma/migrations/20240301000000_posts/migration.sql' },
    );
    const [key, reference] = findings;
    expect(key!.message).toContain('`BigInt @id @default(autoincrement())`');
    expect(key!.message).not.toContain('GENERATED');
    expect(reference!.message).toContain('make the relation scalar field BigInt');
  });
});
