import { describe, expect, it } from '@jest/globals';
import rule from '../../src/rules/table-without-primary-key.js';
import { lintSql } from '../helpers/lint-sql.js';

const lint = (sql: string) => lintSql(sql, { rules: [rule] });

describe('table-without-primary-key', () => {
  it('underlines the table name', async () => {
    const findings = await lint(
      '-- events\nCREATE TABLE IF NOT EXISTS\n  audit."Events" (at timestamptz, payload jsonb) PARTITION BY RANGE (at);',
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ line: 3, column: 3, endLine: 3, endColumn: 17, risk: 'safe', severity: 'warning' });
    expect(findings[0]!.message).toMatchInlineSnapshot(
      `"Table "audit.Events" has no primary key: logical replication cannot replicate its UPDATEs and DELETEs (without REPLICA IDENTITY FULL), ORMs and tools cannot address a single row, and duplicate rows can neither be prevented nor cleaned up easily. Add one: "id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY", or PRIMARY KEY over the natural key (on a partitioned table it must include the partition key columns)."`,
    );
  });

  it('accepts keys declared on a column, as a table constraint, or added later in the file', async () => {
    expect(await lint('CREATE TABLE a (id bigint PRIMARY KEY);')).toEqual([]);
    expect(await lint('CREATE TABLE a (x int, y int, CONSTRAINT a_pkey PRIMARY KEY (x, y));')).toEqual([]);
    expect(
      await lint(
        'CREATE TABLE a (x int NOT NULL);\nCREATE UNIQUE INDEX a_x ON a (x);\nALTER TABLE a ADD CONSTRAINT a_pkey PRIMARY KEY USING INDEX a_x;',
      ),
    ).toEqual([]);
  });

  it('leaves temporary, inherited, LIKE, CREATE TABLE AS and expression-partitioned tables alone', async () => {
    expect(await lint("CREATE TABLE a (b jsonb) PARTITION BY LIST ((b->>'kind'));")).toEqual([]);
    expect(await lint('CREATE TEMP TABLE a (x int);')).toEqual([]);
    expect(await lint('CREATE TABLE a (x int) INHERITS (b);')).toEqual([]);
    expect(await lint('CREATE TABLE a (LIKE b INCLUDING ALL);')).toEqual([]);
    expect(await lint('CREATE TABLE a AS SELECT 1 AS x;')).toEqual([]);
  });

  it('speaks Prisma in a Prisma migration', async () => {
    const [finding] = await lintSql('CREATE TABLE "Tag" ("name" TEXT NOT NULL);', { rules: [rule], tool: 'prisma' });
    expect(finding!.message).toContain('`id BigInt @id @default(autoincrement())`');
    expect(finding!.message).not.toContain('GENERATED');
  });
});
