import { beforeAll, describe, expect, it } from '@jest/globals';
import { loadSqlParser, parseSql } from '../../src/parse/sql/parse-sql.js';

beforeAll(() => loadSqlParser());

describe('parseSql', () => {
  it('gives every statement its exact 1-based range, skipping comments and meta-commands', () => {
    const parsed = parseSql('-- header\n\\set ON_ERROR_STOP 1\nCREATE TABLE a (id int);\n  ALTER TABLE a\n    ADD COLUMN b text;\n');
    expect(parsed.statements.map((statement) => [statement.kind, statement.range])).toEqual([
      ['CreateStmt', { line: 3, column: 1, endLine: 3, endColumn: 24 }],
      ['AlterTableStmt', { line: 4, column: 3, endLine: 5, endColumn: 22 }],
    ]);
    expect(parsed.metaCommands.map((command) => command.text)).toEqual(['\\set ON_ERROR_STOP 1']);
  });

  it('translates the parser’s UTF-8 byte offsets into UTF-16 columns', () => {
    const parsed = parseSql('SELECT 1;\nALTER TABLE "tàble_🐘" ADD COLUMN c uuid DEFAULT gen_random_uuid();');
    const alter = parsed.statements[1]!;
    const column = (alter.ast as any).cmds[0].AlterTableCmd.def.ColumnDef;
    const call = column.constraints[0].Constraint.raw_expr.FuncCall;
    // "tàble_🐘" is 8 UTF-16 units but 11 UTF-8 bytes: columns must count the former.
    expect(alter.rangeAt(column.location)).toEqual({ line: 2, column: 35, endLine: 2, endColumn: 36 });
    expect(alter.rangeAt(call.location)).toEqual({ line: 2, column: 50, endLine: 2, endColumn: 65 });
  });

  it('places syntax errors after astral characters on the right column', () => {
    const parsed = parseSql("SELECT '🐘🐘' AS oops oops;");
    expect(parsed.errors[0]!.range).toEqual({ line: 1, column: 23, endLine: 1, endColumn: 27 });
  });

  it('reports a syntax error at the offending token and parses the statements around it', () => {
    const parsed = parseSql('CREATE TABLE a (id int);\nCREATE TABL b (id int);\nCREATE TABLE c (id int);');
    expect(parsed.statements.map((statement) => statement.kind)).toEqual(['CreateStmt', 'CreateStmt']);
    expect(parsed.errors).toEqual([
      { message: 'syntax error at or near "TABL"', range: { line: 2, column: 8, endLine: 2, endColumn: 12 }, statementIndex: 1 },
    ]);
  });

  it('accepts template placeholders without moving any offset', () => {
    const parsed = parseSql(
      'CREATE FUNCTION @extschema@.f() RETURNS int LANGUAGE sql AS \'SELECT 1\';\nGRANT USAGE ON SCHEMA :schema TO :"role";\nSET search_path = ${flyway_schema};',
    );
    expect(parsed.errors).toEqual([]);
    expect(parsed.statements.map((statement) => statement.kind)).toEqual(['CreateFunctionStmt', 'GrantStmt', 'VariableSetStmt']);
    expect(parsed.statements[0]!.text).toContain('@extschema@');
  });

  it('skips COPY … FROM stdin data and keeps statements after it', () => {
    const parsed = parseSql('COPY t (a, b) FROM stdin;\n1\tx;y\n2\tz\n\\.\nCREATE INDEX i ON t (a);');
    expect(parsed.statements.map((statement) => [statement.kind, statement.range.line])).toEqual([
      ['CopyStmt', 1],
      ['IndexStmt', 5],
    ]);
    expect(parsed.errors).toEqual([]);
  });

  it('syntax-checks bulk INSERTs without building their AST', () => {
    const rows = Array.from({ length: 300 }, (_value, index) => `(${index}, 'row ${index}')`).join(',\n');
    const parsed = parseSql(`INSERT INTO public.lookup (id, name) VALUES\n${rows};`);
    expect(parsed.statements[0]).toMatchObject({ kind: 'InsertStmt', bulk: { relation: 'public.lookup' } });
    expect(parsed.statements[0]!.ast).toBeUndefined();
    const broken = parseSql(`INSERT INTO lookup (id, name) VALUES\n${rows} oops;`);
    expect(broken.errors).toHaveLength(1);
    expect(broken.errors[0]!.range.line).toBe(301);
  });
});
