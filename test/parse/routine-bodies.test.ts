import { beforeAll, describe, expect, it } from '@jest/globals';
import { loadSqlParser, parseSql } from '../../src/parse/sql/parse-sql.js';
import { bodyStatements } from '../../src/parse/sql/routine-bodies.js';

beforeAll(() => loadSqlParser());

/** Parse every body, query and expression (the rules pass a narrower filter). */
const EVERYTHING = /(?:)/;

/** The body statements of the file's first statement, as kind and text, with where they point in it. */
function bodies(sql: string) {
  const [statement] = parseSql(sql).statements;
  return bodyStatements(statement!, EVERYTHING).map((body) => ({
    kind: body.kind,
    text: body.text,
    at: body.location === undefined ? undefined : Buffer.from(statement!.text).subarray(body.location).toString().slice(0, 12),
    ...(body.dynamic ? { dynamic: true } : {}),
    ...(body.inTree ? { inTree: true } : {}),
  }));
}

describe('bodyStatements', () => {
  it('reads every query and expression of a DO block, with where each one is in the statement', () => {
    const found = bodies(`DO $$
DECLARE n int := (SELECT count(*) FROM users);
BEGIN
  UPDATE users SET active = true;
  PERFORM pg_sleep(1);
  n := n + 1;
  IF n > 2 THEN DELETE FROM users WHERE id = n; END IF;
END $$`);
    expect(found).toEqual(
      expect.arrayContaining([
        { kind: 'SelectStmt', text: 'SELECT (SELECT count(*) FROM users)', at: '(SELECT coun' },
        { kind: 'UpdateStmt', text: 'UPDATE users SET active = true', at: 'UPDATE users' },
        { kind: 'SelectStmt', text: 'SELECT pg_sleep(1)', at: 'pg_sleep(1);' },
        { kind: 'SelectStmt', text: 'SELECT  n + 1', at: 'n + 1;\n  IF ' },
        { kind: 'SelectStmt', text: 'SELECT n > 2', at: 'n > 2 THEN D' },
        { kind: 'DeleteStmt', text: 'DELETE FROM users WHERE id = n', at: 'DELETE FROM ' },
      ]),
    );
    expect(found).toHaveLength(6);
  });

  it('reads the statement an EXECUTE of a constant string runs, and a function that a body creates, in turn', () => {
    const found = bodies(
      "DO $$ BEGIN EXECUTE 'TRUNCATE audit'; CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $f$ BEGIN DROP TABLE t; END $f$; END $$",
    );
    expect(found.map(({ kind, dynamic }) => [kind, dynamic ?? false])).toEqual(
      expect.arrayContaining([
        ['TruncateStmt', true],
        ['CreateFunctionStmt', false],
        ['DropStmt', false],
      ]),
    );
  });

  it('parses a SQL function body, and lists a BEGIN ATOMIC body as part of the tree', () => {
    expect(bodies("CREATE FUNCTION f() RETURNS void LANGUAGE sql AS 'DELETE FROM t; DELETE FROM u'").map((body) => body.text)).toEqual([
      'DELETE FROM t',
      'DELETE FROM u',
    ]);
    expect(bodies('CREATE FUNCTION f() RETURNS void LANGUAGE sql BEGIN ATOMIC DELETE FROM t; END')).toEqual([
      expect.objectContaining({ kind: 'DeleteStmt', inTree: true }),
    ]);
  });

  it('reads nothing of other languages, of a body PostgreSQL would refuse, or of other statements', () => {
    expect(bodies('CREATE FUNCTION f() RETURNS int LANGUAGE plpython3u AS \'import os; os.system("id")\'')).toEqual([]);
    expect(bodies("CREATE FUNCTION f(int) RETURNS int AS 'mylib', 'f' LANGUAGE C")).toEqual([]);
    expect(bodies('DO $$ BEGIN undeclared := 1; END $$')).toEqual([]);
    expect(bodies("SELECT 'DELETE FROM t'")).toEqual([]);
  });

  it('reads bodies inside bodies three levels deep, and no deeper', () => {
    const levels = (depth: number): string =>
      depth === 0 ? 'DROP TABLE innermost' : `DO $l${depth}$ BEGIN ${levels(depth - 1)}; END $l${depth}$`;
    expect(bodies(levels(3)).map((body) => body.kind)).toEqual(['DoStmt', 'DoStmt', 'DropStmt']);
    expect(bodies(levels(4)).map((body) => body.kind)).toEqual(['DoStmt', 'DoStmt', 'DoStmt']);
  });

  it('parses only what matches the filter', () => {
    const [statement] = parseSql('DO $$ BEGIN UPDATE users SET a = 1; PERFORM pg_sleep(1); END $$').statements;
    expect(bodyStatements(statement!, /pg_/).map((body) => body.text)).toEqual(['SELECT pg_sleep(1)']);
    expect(bodyStatements(statement!, /COPY/)).toEqual([]);
  });
});
