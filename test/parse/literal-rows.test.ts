import { beforeAll, describe, expect, it } from '@jest/globals';
import { parseSync } from 'libpg-query';
import { literalRowsAreValid } from '../../src/parse/sql/literal-rows.js';
import { loadSqlParser, parseSql, type ParsedSql } from '../../src/parse/sql/parse-sql.js';

beforeAll(() => loadSqlParser());

/**
 * The literal-rows scanner (src/parse/sql/literal-rows.ts) replaces libpg-query's syntax check of
 * bulk INSERT … VALUES statements where it can prove them valid. These inputs are each a data
 * load's statement (the file holds 1,000 filler inserts, so every INSERT … VALUES is bulk data);
 * `valid` is PostgreSQL's verdict, checked against libpg-query itself below.
 */
const CASES: { sql: string; valid: boolean }[] = [
  { sql: `INSERT INTO ref.codes (code, label) VALUES (1, 'one'), (2, 'two'), (-3.5e2, NULL), (+.5, DEFAULT)`, valid: true },
  { sql: `INSERT INTO ref.codes (code, label) VALUES (1, 'semi;colon; ''quoted'' ; -- not a comment')`, valid: true },
  { sql: `INSERT INTO ref.codes VALUES (1, E'tab\\there \\'quote\\' back\\\\slash')`, valid: true },
  { sql: `INSERT INTO ref.codes VALUES (1, E'\\xff')`, valid: false }, // no UTF-8: the scanner refuses the byte
  { sql: `INSERT INTO ref.codes VALUES (1, 'a\\')`, valid: true }, // standard_conforming_strings: the backslash is text
  { sql: `INSERT INTO ref.codes VALUES ( /* a /* nested */ comment */ 1, -- to the end of the line\n 'x' ) ;`, valid: true },
  { sql: `INSERT INTO ref.codes VALUES (1, 'a'\n'b')`, valid: true }, // adjacent strings across a newline are one
  { sql: `INSERT INTO ref.codes VALUES (1, 'a' 'b')`, valid: false }, // … on one line they are an error
  { sql: `INSERT INTO ref.codes VALUES (1, $$dollar; quoted$$)`, valid: true },
  { sql: `INSERT INTO ref.codes VALUES (1, $tag$ it's $tag$)`, valid: true },
  { sql: `INSERT INTO ref.codes VALUES (1, 'x'::text), (2, now())`, valid: true },
  {
    sql: `INSERT INTO ref.codes (code, label) VALUES (1, (SELECT label FROM ref.labels WHERE code = 'it''s' AND kind = 'A'))`,
    valid: true,
  },
  { sql: `INSERT INTO ref.codes (code, label) VALUES (1, (SELECT label FROM WHERE code = 'x'))`, valid: false },
  { sql: `INSERT INTO ref.codes (code, label) VALUES (1, 'x') ON CONFLICT (code) DO NOTHING`, valid: true },
  { sql: `INSERT INTO ref.codes (code, label) VALUES (1, 'x') ON CONFLICT (code) DO UPDATE SET label = 'y' RETURNING code`, valid: true },
  { sql: `INSERT INTO ref.codes (code, label) VALUES (1, 'x') RETURNING *`, valid: true },
  { sql: `INSERT INTO ref.codes (user) VALUES (1)`, valid: false }, // a reserved word as a column name
  { sql: `INSERT INTO ref.codes ("user", "la""bel") VALUES (1, 'x')`, valid: true },
  { sql: `INSERT INTO ref.codes VALUES (1abc)`, valid: false }, // trailing junk after a number
  { sql: `INSERT INTO ref.codes VALUES (0x1F, 1_000)`, valid: true },
  { sql: `INSERT INTO ref.codes VALUES (1, B'101', X'1F', N'n', U&'\\0041')`, valid: true },
  { sql: `INSERT INTO ref.codes VALUES (1, 2), `, valid: false },
  { sql: `INSERT INTO ref.codes VALUES (1, 2) (3, 4)`, valid: false },
  { sql: `INSERT INTO ref.codes VALUES (1, 2) garbage`, valid: false },
  { sql: `INSERT INTO ref.codes VALUES (1, "ident")`, valid: true },
  { sql: `INSERT INTO ref.codes VALUES (1, '${'long '.repeat(600)}')`, valid: true }, // over 2,048 characters
  { sql: `INSERT INTO ref.codes SELECT 1, 'x'`, valid: true }, // not bulk data: keeps its AST
  { sql: `WITH rows AS (SELECT 1) INSERT INTO ref.codes VALUES (1, 'x')`, valid: true }, // likewise
];

/** Each of these runs to the end of its file (the splitter finds no end of the literal or comment): one file each, last. */
const UNTERMINATED = [`INSERT INTO ref.codes VALUES (1, 'unterminated)`, `INSERT INTO ref.codes VALUES (1, 2) /* unterminated comment`];

const FILLER = Array.from({ length: 1000 }, (_unused, index) => `INSERT INTO ref.filler VALUES (${index}, 'row ${index}');`).join('\n');
const FILE = `-- a data load\n${CASES.map((entry) => `${entry.sql};`).join('\n')}\n${FILLER}\n`;

/** What a review reads of a parse: statements (kind, exact offsets and ranges, bulk or AST) and errors. */
function observable(parsed: ParsedSql) {
  return {
    statements: parsed.statements.map(({ index, kind, start, end, range, text, bulk, ast }) => ({
      index,
      kind,
      start,
      end,
      range,
      text,
      bulk,
      ast,
    })),
    errors: parsed.errors,
  };
}

describe('the literal-rows syntax check', () => {
  it('agrees with libpg-query on every case (the expectations are PostgreSQL’s)', () => {
    for (const { sql, valid } of [...CASES, ...UNTERMINATED.map((sql) => ({ sql, valid: false }))]) {
      let parses = true;
      try {
        parseSync(sql);
      } catch {
        parses = false;
      }
      expect({ sql, valid: parses }).toEqual({ sql, valid });
    }
  });

  it('gives the same statements, ranges and errors as libpg-query’s check', () => {
    const fast = parseSql(FILE);
    const slow = parseSql(FILE, { literalRows: false });
    expect(observable(fast)).toEqual(observable(slow));
    // The cases are bulk data (no AST) but for INSERT … SELECT and the CTE; the invalid ones are errors.
    expect(fast.errors).toHaveLength(CASES.filter((entry) => !entry.valid).length);
    expect(fast.statements.filter((statement) => statement.bulk === undefined).map((statement) => statement.kind)).toEqual([
      'InsertStmt',
      'InsertStmt',
    ]);
    for (const sql of UNTERMINATED) {
      const file = `${FILLER}\n${sql}`;
      expect(observable(parseSql(file))).toEqual(observable(parseSql(file, { literalRows: false })));
      expect(parseSql(file).errors).toHaveLength(1);
    }
  });

  it('vouches only for valid statements, and for the plain and sub-select rows it is there for', () => {
    const proven = CASES.filter(({ sql }) => {
      const head = /^INSERT INTO ref\.codes\s*(?:\([^)]*\)\s*)?VALUES/.exec(sql);
      return head !== null && literalRowsAreValid(sql, head[0].length);
    });
    for (const { sql, valid } of proven) expect({ sql, valid }).toEqual({ sql, valid: true });
    expect(proven.map(({ sql }) => CASES.findIndex((entry) => entry.sql === sql))).toEqual(
      expect.arrayContaining([0, 1, 2, 4, 5, 6, 10, 11, 13, 14, 15, 17, 24, 25]),
    );
  });
});
