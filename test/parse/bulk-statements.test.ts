import { beforeAll, describe, expect, it } from '@jest/globals';
import { loadSqlParser, parseSql } from '../../src/parse/sql/parse-sql.js';

beforeAll(() => loadSqlParser());

const inserts = (count: number) =>
  Array.from({ length: count }, (_value, index) => `INSERT INTO ref.codes (code, label) VALUES (${index}, (SELECT 'x' || ${index}));`).join(
    '\n',
  );

describe('bulk data statements', () => {
  it('treats every INSERT … VALUES of a data load (1,000 or more of them) as bulk data: no AST', () => {
    const parsed = parseSql(
      `CREATE TABLE ref.codes (code int, label text);\n${inserts(1000)}\nINSERT INTO ref.log SELECT * FROM ref.codes;`,
    );
    expect(parsed.errors).toEqual([]);
    expect(parsed.statements).toHaveLength(1002);
    expect(parsed.statements[0]).toMatchObject({ kind: 'CreateStmt' });
    expect(parsed.statements[0]!.ast).toBeDefined();
    expect(parsed.statements[1]).toMatchObject({ kind: 'InsertStmt', bulk: { relation: 'ref.codes' }, range: { line: 2 } });
    expect(parsed.statements[1]!.ast).toBeUndefined();
    // INSERT … SELECT is a backfill, not data: it keeps its AST.
    expect(parsed.statements[1001]!.ast).toBeDefined();
  });

  it('keeps the ASTs of the INSERTs of an ordinary migration', () => {
    const parsed = parseSql(inserts(999));
    expect(parsed.statements.every((statement) => statement.ast !== undefined && statement.bulk === undefined)).toBe(true);
  });

  it('still finds syntax errors in bulk statements, at their position', () => {
    const broken = `${inserts(999)}\nINSERT INTO ref.codes (code, label) VALUES (1, 'x') oops;`;
    const parsed = parseSql(broken);
    expect(parsed.errors).toEqual([
      { message: 'syntax error at or near "oops"', range: { line: 1000, column: 53, endLine: 1000, endColumn: 57 }, statementIndex: 999 },
    ]);
  });

  it('reports lexer errors in bulk statements (unterminated literals), which the cheap syntax check returns as text', () => {
    const rows = Array.from({ length: 200 }, (_value, index) => `(${index}, 'row ${index}')`).join(',\n');
    const parsed = parseSql(`INSERT INTO lookup (id, name) VALUES\n${rows},\n(201, 'unterminated);`);
    expect(parsed.statements).toEqual([]);
    expect(parsed.errors[0]!.message).toMatch(/^unterminated quoted string/);
  });

  it('keeps the parse tree of what the security rules read, however long: COPY … PROGRAM or a file, a pg_* call, a catalog insert', () => {
    const columns = Array.from({ length: 400 }, (_, index) => `c${index}`).join(', ');
    const padding = 'x'.repeat(3000);
    const parsed = parseSql(
      [
        `COPY t (${columns}) FROM PROGRAM 'echo FROM STDIN';`,
        `COPY t (${columns}) TO '/tmp/t.csv';`,
        `INSERT INTO notes (a, b) VALUES ('${padding}', pg_read_file('/etc/passwd'));`,
        `INSERT INTO pg_catalog.pg_description (description) VALUES ('${padding}');`,
        `INSERT INTO notes (a) VALUES ('${padding}');`,
        // Last: the lines after it are its data.
        `COPY t (${columns}) FROM STDIN;`,
      ].join('\n'),
    );
    expect(parsed.statements.map((statement) => statement.ast !== undefined)).toEqual([true, true, true, true, false, false]);
  });
});
