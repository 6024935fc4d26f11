import { describe, expect, it } from '@jest/globals';
import rule from '../../src/rules/not-idempotent.js';
import { lintSql } from '../helpers/lint-sql.js';

const lint = (sql: string, options: Parameters<typeof lintSql>[1] = {}) => lintSql(sql, { ...options, rules: [rule] });

describe('not-idempotent', () => {
  it('reports once per file, underlining the keywords, with an exact fix', async () => {
    const findings = await lint('-- tags\nCREATE UNLOGGED TABLE tags (id bigint);\nCREATE INDEX tags_id_idx ON tags (id);');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ line: 2, column: 1, endLine: 2, endColumn: 22, risk: 'safe', severity: 'notice' });
    expect(findings[0]!.fix).toEqual({ description: 'Add IF NOT EXISTS', replacement: 'CREATE UNLOGGED TABLE IF NOT EXISTS' });
    expect(findings[0]!.message).toMatchInlineSnapshot(
      `"CREATE UNLOGGED TABLE runs outside a transaction, so it commits on its own: if a later statement of this file fails, the migration is left half-applied, and running it again fails here because the first run already did this. Write IF NOT EXISTS (here and in the file's other CREATE and DROP statements), or run the file in a transaction."`,
    );
  });

  it('writes the fix in the letter case of the statement', async () => {
    const [finding] = await lint('drop index concurrently old_idx;\ncreate index concurrently if not exists new_idx on t (a);');
    expect(finding!.fix).toEqual({ description: 'Add IF EXISTS', replacement: 'drop index concurrently if exists' });
  });

  it('offers OR REPLACE for views', async () => {
    const [finding] = await lint('CREATE VIEW v AS SELECT 1;\nCREATE TABLE IF NOT EXISTS t (id int);');
    expect(finding!.fix?.replacement).toBe('CREATE OR REPLACE');
  });

  it('advises dropping a half-built concurrent index instead of IF NOT EXISTS', async () => {
    const [finding] = await lint('CREATE INDEX CONCURRENTLY a_idx ON t (a);\nCREATE INDEX CONCURRENTLY IF NOT EXISTS b_idx ON t (b);');
    expect(finding!.message).toContain('DROP INDEX CONCURRENTLY IF EXISTS a_idx');
    expect(finding!.fix).toBeUndefined();
    expect(await lint('DROP INDEX CONCURRENTLY IF EXISTS a_idx;\nCREATE INDEX CONCURRENTLY a_idx ON t (a);\nSELECT 1;')).toEqual([]);
  });

  it('stays quiet inside transactions and for the last statement', async () => {
    expect(await lint('CREATE TABLE a (id int);\nCREATE TABLE b (id int);', { tool: 'flyway' })).toEqual([]);
    expect(await lint('BEGIN;\nCREATE TABLE a (id int);\nCOMMIT;\nCREATE TABLE IF NOT EXISTS b (id int);')).toEqual([]);
    expect(await lint("SET lock_timeout = '1s';\nCREATE TABLE a (id int);")).toEqual([]);
    expect(await lint('CREATE TEMP TABLE a AS SELECT 1;\nCREATE TEMPORARY TABLE b (id int);\nSELECT 1;')).toEqual([]);
  });
});
