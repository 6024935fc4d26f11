import { describe, expect, it } from '@jest/globals';
import rule from '../../src/rules/timestamp-without-time-zone.js';
import { lintSql } from '../helpers/lint-sql.js';

const lint = (sql: string, options: Parameters<typeof lintSql>[1] = {}) => lintSql(sql, { ...options, rules: [rule] });

describe('timestamp-without-time-zone', () => {
  it('underlines the whole type spelling and replaces it exactly', async () => {
    const findings = await lint('CREATE TABLE events (\n  id bigint,\n  at TIMESTAMP (3) WITHOUT TIME ZONE NOT NULL\n);');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ line: 3, column: 6, endLine: 3, endColumn: 37, risk: 'safe', severity: 'warning' });
    expect(findings[0]!.fix).toEqual({ description: 'Use timestamptz(3)', replacement: 'timestamptz(3)' });
    expect(findings[0]!.message).toMatchInlineSnapshot(
      `"Column "at" of "events" is timestamp(3) (without time zone): it stores a wall-clock reading with no zone, so the same value means different instants to sessions in different time zones, and daylight-saving changes make some values ambiguous. Use timestamptz(3), which stores the instant."`,
    );
  });

  it('reports plain, array and ALTER COLUMN TYPE uses', async () => {
    const findings = await lint(
      'ALTER TABLE e ADD COLUMN a timestamp, ADD COLUMN b timestamp[], ALTER COLUMN c TYPE pg_catalog.timestamp;',
    );
    expect(findings.map((finding) => finding.fix?.replacement)).toEqual(['timestamptz', 'timestamptz', 'timestamptz']);
  });

  it('accepts timestamptz spellings and untouched existing columns', async () => {
    expect(await lint('CREATE TABLE e (a timestamptz, b timestamp with time zone, c timestamptz(0));')).toEqual([]);
    expect(await lint('ALTER TABLE e ADD COLUMN d text;', { base: 'CREATE TABLE e (a timestamp);' })).toEqual([]);
  });

  it('tells a Prisma migration to change schema.prisma, with no SQL replacement that the next migration would undo', async () => {
    const sql =
      'CREATE TABLE "api_keys" (\n    "id" TEXT NOT NULL,\n    "revoked_at" TIMESTAMP(3),\n    CONSTRAINT "api_keys_pkey" PRIMARY KEY ("id")\n);';
    const [finding] = await lint(sql, { tool: 'prisma', path: 'prisma/migrations/20240101000000_keys/migration.sql' });
    expect(finding!.message).toContain('in schema.prisma give the field `@db.Timestamptz(3)` and generate the migration again');
    expect(finding!.fix).toBeUndefined();
    const [plain] = await lint(sql);
    expect(plain!.fix).toEqual({ description: 'Use timestamptz(3)', replacement: 'timestamptz(3)' });
  });
});
