import { describe, expect, it } from '@jest/globals';
import rule from '../../src/rules/table-rewrite-command.js';
import { lintSql } from '../helpers/lint-sql.js';

const lint = (sql: string, options: Parameters<typeof lintSql>[1] = {}) => lintSql(sql, { ...options, rules: [rule] });

describe('table-rewrite-command', () => {
  it('underlines each rewriting sub-command of an ALTER TABLE', async () => {
    const sql = 'ALTER TABLE events\n  SET LOGGED,\n  SET TABLESPACE fast_ssd;';
    const findings = await lint(sql);
    expect(findings.map(({ line, column, endLine, endColumn }) => ({ line, column, endLine, endColumn }))).toEqual([
      { line: 2, column: 3, endLine: 2, endColumn: 13 },
      { line: 3, column: 3, endLine: 3, endColumn: 17 },
    ]);
    expect(findings[0]).toMatchObject({ risk: 'downtime', severity: 'error' });
    expect(findings[0]!.message).toMatchInlineSnapshot(
      `"SET LOGGED rewrites "events" into new files while holding ACCESS EXCLUSIVE: every read and write on "events" waits until the whole copy is done, which grows with the table. There is no online way to change this: run it in a maintenance window, or create a new table with the desired setting, copy the rows over in batches and switch to it."`,
    );
    expect(findings[1]!.message).toContain('pg_repack --tablespace');
  });

  it('suggests pg_repack before PostgreSQL 19 and REPACK (CONCURRENTLY) from 19 on', async () => {
    expect((await lint('VACUUM FULL orders;'))[0]!.message).toContain('pg_repack extension');
    expect((await lint('CLUSTER orders USING orders_pkey;', { pgVersion: 19 }))[0]!.message).toContain('REPACK (CONCURRENTLY)');
  });

  it('covers database-wide VACUUM FULL and CLUSTER, ALL IN TABLESPACE, SET ACCESS METHOD and indexes', async () => {
    expect((await lint('VACUUM (FULL, ANALYZE);'))[0]!.message).toContain('every table in the database');
    expect((await lint('CLUSTER;'))[0]!.message).toContain('every table clustered before');
    expect((await lint('ALTER TABLE ALL IN TABLESPACE old SET TABLESPACE new;'))[0]!.message).toContain(
      'every relation in tablespace "old"',
    );
    expect(await lint('ALTER TABLE events SET ACCESS METHOD heap;', { pgVersion: 15 })).toHaveLength(1);
    expect(await lint('ALTER INDEX orders_pkey SET TABLESPACE fast_ssd;')).toHaveLength(1);
  });

  it('does not report plain VACUUM, other ALTERs or tables created in the change', async () => {
    expect(await lint('VACUUM (ANALYZE) orders;')).toEqual([]);
    expect(await lint('VACUUM (FULL false) orders;')).toEqual([]);
    expect(await lint("VACUUM (FULL 'off', ANALYZE) orders;")).toEqual([]);
    expect(await lint('VACUUM (FULL 0) orders;')).toEqual([]);
    expect(await lint('VACUUM (FULL true) orders;')).toHaveLength(1);
    expect(await lint('VACUUM (FULL false, FULL) orders;')).toHaveLength(1);
    expect(await lint('ALTER TABLE orders SET (fillfactor = 90);')).toEqual([]);
    expect(await lint('CREATE TABLE import_rows (id bigint);\nALTER TABLE import_rows SET UNLOGGED;\nVACUUM FULL import_rows;')).toEqual(
      [],
    );
  });
});
