import { describe, expect, it } from '@jest/globals';
import { splitStatements } from '../../src/parse/sql/split-statements.js';

/** The statements' texts, as the parser gets them. */
function texts(sql: string): string[] {
  return splitStatements(sql).statements.map((chunk) => sql.slice(chunk.start, chunk.end));
}

describe('splitStatements', () => {
  it('ends statements at semicolons outside quotes, comments and dollar quotes', () => {
    const sql = [
      'INSERT INTO t VALUES (\'a;b\', "c;d");',
      '-- a comment; with a semicolon',
      '/* a block /* nested; */ comment; */ SELECT 1;',
      'CREATE FUNCTION f() RETURNS int AS $body$ BEGIN RETURN 1; END $body$ LANGUAGE plpgsql;',
      "SELECT E'it\\'s; fine', $$x;y$$;",
    ].join('\n');
    expect(texts(sql)).toEqual([
      'INSERT INTO t VALUES (\'a;b\', "c;d")',
      'SELECT 1',
      'CREATE FUNCTION f() RETURNS int AS $body$ BEGIN RETURN 1; END $body$ LANGUAGE plpgsql',
      "SELECT E'it\\'s; fine', $$x;y$$",
    ]);
  });

  it('keeps exact offsets, skips leading blanks and comments, and reports comments', () => {
    const sql = '  -- first\n  CREATE TABLE a (id int)  ;\n/* x */';
    const result = splitStatements(sql);
    // The end is the `;` (blanks before it included), as the parser reports the statement.
    expect(result.statements).toEqual([{ start: 13, end: 38, terminated: true }]);
    expect(result.comments.map((comment) => comment.text)).toEqual(['-- first', '/* x */']);
  });

  it('does not take $1 parameters or identifiers with $ for dollar quotes', () => {
    expect(texts('PREPARE p AS SELECT $1; SELECT a$b$c FROM t;')).toEqual(['PREPARE p AS SELECT $1', 'SELECT a$b$c FROM t']);
  });

  it('treats doubled quotes as part of the literal', () => {
    expect(texts('SELECT \'it\'\'s;\'; SELECT "a"";b";')).toEqual(["SELECT 'it''s;'", 'SELECT "a"";b"']);
  });

  it('keeps BEGIN ATOMIC … END bodies (with CASE … END inside) in one statement', () => {
    const sql = [
      'CREATE FUNCTION f(x int) RETURNS int LANGUAGE sql BEGIN ATOMIC',
      '  SELECT CASE WHEN x > 0 THEN 1 ELSE 0 END;',
      '  SELECT 2;',
      'END;',
      'SELECT 3;',
    ].join('\n');
    expect(texts(sql)).toHaveLength(2);
    expect(texts(sql)[1]).toBe('SELECT 3');
  });

  it('does not end a statement at a semicolon inside parentheses (CREATE RULE … DO (…; …))', () => {
    const sql = 'CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); INSERT INTO b VALUES (2));\nSELECT 1;';
    expect(texts(sql)).toEqual([
      'CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); INSERT INTO b VALUES (2))',
      'SELECT 1',
    ]);
  });

  it('takes psql meta-command lines out and ends an unterminated statement before them', () => {
    const sql = '\\set ON_ERROR_STOP 1\nSELECT 1\n\\echo done\n  \\i other.sql\nSELECT 2;';
    const result = splitStatements(sql);
    expect(result.metaCommands.map((command) => command.text)).toEqual(['\\set ON_ERROR_STOP 1', '\\echo done', '\\i other.sql']);
    expect(texts(sql)).toEqual(['SELECT 1', 'SELECT 2']);
    expect(result.statements[0]!.terminated).toBe(false);
  });

  it('treats a mid-line \\gset like a semicolon', () => {
    const sql = "SELECT current_setting('server_version_num') AS v \\gset\nSELECT :v;";
    const result = splitStatements(sql);
    expect(texts(sql)).toEqual(["SELECT current_setting('server_version_num') AS v", 'SELECT :v']);
    expect(result.statements[0]!.terminated).toBe(true);
    expect(result.metaCommands.map((command) => command.text)).toEqual(['\\gset']);
  });

  it("ends a statement at psql's \\; and reads on: the rest of the line is SQL that runs, not a meta-command's arguments", () => {
    const result = splitStatements('SELECT 1 \\; DROP TABLE users;\n\\echo done ; DROP TABLE kept_out;\n');
    expect(
      result.statements.map((chunk) =>
        'SELECT 1 \\; DROP TABLE users;\n\\echo done ; DROP TABLE kept_out;\n'.slice(chunk.start, chunk.end),
      ),
    ).toEqual(['SELECT 1', 'DROP TABLE users']);
    expect(result.metaCommands.map((command) => command.text)).toEqual(['\\echo done ; DROP TABLE kept_out;']);
  });

  it('leaves backslashes inside literals and comments alone', () => {
    expect(texts("SELECT '\\x';\n-- \\i nothing\nSELECT E'\\\\';")).toEqual(["SELECT '\\x'", "SELECT E'\\\\'"]);
  });

  it('skips COPY … FROM stdin data up to the \\. line', () => {
    const sql = 'COPY t (a, b) FROM stdin;\n1\tx;y\n2\t\\N\n\\.\nCREATE INDEX i ON t (a);';
    expect(texts(sql)).toEqual(['COPY t (a, b) FROM stdin', 'CREATE INDEX i ON t (a)']);
  });

  it('reads only COPY table [(columns)] FROM STDIN as followed by data, not the words in a string, a comment or a query', () => {
    for (const copy of [
      'COPY public.users (id, "Name") FROM stdin',
      'COPY "Odd Table" FROM STDIN WITH (FORMAT csv)',
      'COPY BINARY t FROM STDIN',
    ]) {
      expect(texts(`${copy};\n1\tx\n\\.\nDROP TABLE t;`)).toEqual([copy, 'DROP TABLE t']);
    }
    for (const copy of [
      "COPY t TO STDOUT WITH (NULL 'FROM STDIN')",
      "COPY t FROM PROGRAM 'cat data FROM STDIN'",
      'COPY (SELECT * FROM stdin) TO STDOUT',
      'COPY t /* FROM STDIN */ TO STDOUT',
      'COPY t -- FROM STDIN\n TO STDOUT',
      'COPY t ("a) FROM STDIN (") TO STDOUT',
    ]) {
      // The statement after it is a statement, not data: reading it as data would hide it from the review.
      expect(texts(`${copy};\nDROP TABLE users;`)).toEqual([copy, 'DROP TABLE users']);
    }
  });

  it('ends at end of file without a semicolon, and survives unterminated quotes and comments', () => {
    expect(splitStatements('SELECT 1  \n').statements).toEqual([{ start: 0, end: 8, terminated: false }]);
    expect(texts("SELECT 'open")).toEqual(["SELECT 'open"]);
    expect(texts('SELECT 1; /* open')).toEqual(['SELECT 1']);
    expect(texts('SELECT $$ open')).toEqual(['SELECT $$ open']);
  });

  it('is linear on large inputs', () => {
    const sql = "INSERT INTO t VALUES (1, 'a', $$b$$, E'c\\'');\n".repeat(50_000);
    const started = performance.now();
    expect(splitStatements(sql).statements).toHaveLength(50_000);
    expect(performance.now() - started).toBeLessThan(10_000); // quadratic work would take minutes
  });
});
