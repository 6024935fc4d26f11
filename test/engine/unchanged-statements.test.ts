import { beforeAll, describe, expect, it } from '@jest/globals';
import { compareStatements } from '../../src/engine/files/unchanged-statements.js';
import { loadSqlParser, parseSql } from '../../src/parse/sql/parse-sql.js';

/** The statement-level diff of an edited migration, on the real parser. */

const compare = (head: string, previous: string) => compareStatements(parseSql(head).statements, parseSql(previous).statements);

beforeAll(() => loadSqlParser());

describe('compareStatements', () => {
  it('whitespace, comments, line breaks and keyword case are no change', () => {
    const previous = 'CREATE TABLE t (id bigint PRIMARY KEY, name text);\nALTER TABLE t ADD COLUMN note text;\n';
    const head =
      '-- the table\ncreate table t (\n  id bigint primary key, -- key\n  name text\n);\n\n\nALTER TABLE t   ADD COLUMN note text;\n';
    expect(compare(head, previous)).toEqual({ unchanged: new Set([0, 1]), changed: 0, removed: 0 });
  });

  it.each([
    ['a type modifier', 'CREATE TABLE t (code varchar(10));', 'CREATE TABLE t (code varchar(20));'],
    ['a constant', 'ALTER TABLE t ADD COLUMN n int DEFAULT 0;', 'ALTER TABLE t ADD COLUMN n int DEFAULT 1;'],
    ['a name', 'DROP TABLE sessions;', 'DROP TABLE session_tokens;'],
    ['a clause', 'CREATE INDEX i ON t (c);', 'CREATE INDEX CONCURRENTLY i ON t (c);'],
    ['a string literal', "UPDATE t SET s = 'a';", "UPDATE t SET s = 'b';"],
  ])('%s is a change', (_what, previous, head) => {
    expect(compare(head, previous)).toEqual({ unchanged: new Set(), changed: 1, removed: 1 });
  });

  it('a moved statement is unchanged; a deleted one is counted as removed', () => {
    const previous = 'CREATE TABLE a (id int);\nCREATE TABLE b (id int);\nDROP TABLE c;\n';
    const head = 'CREATE TABLE b (id int);\nCREATE TABLE a (id int);\n';
    expect(compare(head, previous)).toEqual({ unchanged: new Set([0, 1]), changed: 0, removed: 1 });
  });

  it('counts a statement written twice in the head and once before as changed once', () => {
    const result = compare('DELETE FROM t WHERE id = 1;\nDELETE FROM t WHERE id = 1;\n', 'DELETE FROM t WHERE id = 1;\n');
    expect(result).toEqual({ unchanged: new Set([0]), changed: 1, removed: 0 });
  });

  it('compares bulk data by its text, with whitespace collapsed', () => {
    const rows = Array.from({ length: 200 }, (_row, index) => `(${index}, 'name ${index}')`);
    const previous = `INSERT INTO t (id, name) VALUES ${rows.join(', ')};`;
    expect(parseSql(previous).statements[0]!.bulk).toBeDefined();
    expect(compare(`INSERT INTO t (id, name)\nVALUES ${rows.join(',\n  ')};`, previous).changed).toBe(0);
    expect(compare(previous.replace("'name 7'", "'name 8'"), previous).changed).toBe(1);
  });
});
