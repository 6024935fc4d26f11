import { beforeAll, describe, expect, it } from '@jest/globals';
import { reindexIsConcurrent, vacuumIsFull } from '../../src/analysis/statement-locks.js';
import { loadSqlParser, parseSql } from '../../src/parse/sql/parse-sql.js';

beforeAll(() => loadSqlParser());

const astOf = (sql: string) => parseSql(sql).statements[0]!.ast!;

describe('boolean options of VACUUM and REINDEX', () => {
  it.each([
    ['VACUUM FULL t', true],
    ['VACUUM (FULL) t', true],
    ['VACUUM (FULL true) t', true],
    ['VACUUM (FULL 1) t', true],
    ["VACUUM (FULL 'on') t", true],
    ['VACUUM (FULL false) t', false],
    ['VACUUM (FULL off) t', false],
    ['VACUUM (FULL 0) t', false],
    ['VACUUM (ANALYZE) t', false],
    ['VACUUM (FULL, FULL false) t', false],
  ])('%s is full: %s', (sql, full) => {
    expect(vacuumIsFull(astOf(sql))).toBe(full);
  });

  it.each([
    ['REINDEX TABLE CONCURRENTLY t', true],
    ['REINDEX (CONCURRENTLY) TABLE t', true],
    ['REINDEX (CONCURRENTLY false) TABLE t', false],
    ['REINDEX (CONCURRENTLY no) INDEX i', false],
    ['REINDEX TABLE t', false],
  ])('%s is concurrent: %s', (sql, concurrent) => {
    expect(reindexIsConcurrent(astOf(sql))).toBe(concurrent);
  });
});
