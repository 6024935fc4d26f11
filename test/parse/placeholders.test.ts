import { beforeAll, describe, expect, it } from '@jest/globals';
import { loadSqlParser, parseSql } from '../../src/parse/sql/parse-sql.js';
import { maskPlaceholders, placeholderSchemas } from '../../src/parse/sql/placeholders.js';

beforeAll(() => loadSqlParser());

describe('maskPlaceholders', () => {
  it('replaces each placeholder by text of the same length', () => {
    const cases = [
      'CREATE FUNCTION @extschema@.f() RETURNS int',
      'GRANT USAGE ON SCHEMA @extschema:postgis@ TO @extowner@',
      'SET search_path = ${flyway:defaultSchema}, ${schema}',
      'SELECT :\'name\', :"ident", :plain, :{?flag}',
    ];
    for (const sql of cases) {
      const masked = maskPlaceholders(sql);
      expect(masked).toHaveLength(sql.length);
      expect(masked).not.toMatch(/@\w+@|\$\{|:'|:"|:\w|:\{/);
    }
    expect(maskPlaceholders('SELECT :\'name\', :"ident", :plain, :{?flag}')).toBe('SELECT \'xxxxx\', "xxxxxx", _plain, true    ');
  });

  it('leaves casts, array slices and assignments alone', () => {
    const sql = 'SELECT a::text, arr[1:2], arr[lo:hi], x := 1, \'{"k":v}\'::jsonb';
    expect(maskPlaceholders(sql)).toBe(sql);
  });

  it('does not expand psql variables inside literals and comments, as psql does not', () => {
    const sql = "SELECT ':notvar', \"a:b\" -- don't :expand\n, :var /* :nor */";
    expect(maskPlaceholders(sql)).toBe("SELECT ':notvar', \"a:b\" -- don't :expand\n, _var /* :nor */");
  });

  it('is not fooled by an apostrophe in a comment', () => {
    // The old quote-counting check took `:schema` for quoted text after "don't".
    const sql = "-- don't\nINSERT INTO :schema.jobs VALUES ('it''s')";
    expect(maskPlaceholders(sql)).toBe("-- don't\nINSERT INTO _schema.jobs VALUES ('it''s')");
  });

  it('masks Go and Jinja template actions, but not array literals', () => {
    const sql = 'CREATE TABLE {{ index .Options "Namespace" }}.users (id int, tags int[] DEFAULT \'{{1,2},{3,4}}\')';
    const masked = maskPlaceholders(sql);
    expect(masked).toHaveLength(sql.length);
    expect(masked).toBe("CREATE TABLE ___index__Options__Namespace____.users (id int, tags int[] DEFAULT '{{1,2},{3,4}}')");
    expect(parseSql(sql).errors).toEqual([]);
    expect(placeholderSchemas([sql])).toEqual(['___index__options__namespace____']);
  });

  it('masks template placeholders everywhere, quoted text included', () => {
    expect(maskPlaceholders("SELECT '@extschema@'")).toBe("SELECT '_extschema_'");
  });

  it('masks psql variables inside dollar-quoted bodies (tools substitute them there too)', () => {
    const sql = 'CREATE FUNCTION :S.f() RETURNS :S.jobs AS $$ SELECT * FROM :S.jobs $$ LANGUAGE sql';
    expect(maskPlaceholders(sql)).toBe('CREATE FUNCTION _S.f() RETURNS _S.jobs AS $$ SELECT * FROM _S.jobs $$ LANGUAGE sql');
  });

  it('returns the text itself when there is nothing to mask', () => {
    const sql = 'SELECT 1 WHERE a @> b AND t @@ q';
    expect(maskPlaceholders(sql)).toBe(sql);
  });

  it('is linear in the number of variables', () => {
    const sql = `SELECT ${Array.from({ length: 20_000 }, (_value, index) => `'a:b${index}', :v${index}`).join(', ')}`;
    const started = performance.now();
    const masked = maskPlaceholders(sql);
    expect(performance.now() - started).toBeLessThan(10_000); // quadratic work would take minutes
    expect(masked).toContain("'a:b19999', _v19999");
  });

  it('lets the parser read placeholder-laden migrations with offsets intact', () => {
    const sql =
      "-- it's a template\nCREATE TABLE :\"schema\".jobs (id int);\nALTER TABLE @extschema@.t ADD COLUMN c text DEFAULT :'default';";
    const parsed = parseSql(sql);
    expect(parsed.errors).toEqual([]);
    expect(parsed.statements.map((statement) => [statement.kind, statement.range.line])).toEqual([
      ['CreateStmt', 2],
      ['AlterTableStmt', 3],
    ]);
  });
});

describe('placeholderSchemas', () => {
  it('gives the stand-in names of the schemas placeholders name, in lower case, once each', () => {
    const texts = [
      'CREATE TABLE :GRAPHILE_SCHEMA.jobs (id int);\nALTER TABLE :GRAPHILE_SCHEMA . jobs ADD COLUMN x int;',
      'CREATE FUNCTION @extschema@.f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;',
      'CREATE TABLE ${flyway:defaultSchema}.t (id int);',
    ];
    expect(placeholderSchemas(texts)).toEqual(['__flyway_defaultschema_', '_extschema_', '_graphile_schema']);
  });

  it('leaves out a schema a text creates, and placeholders that name no schema', () => {
    const texts = [
      'CREATE SCHEMA IF NOT EXISTS :app;\nCREATE TABLE :app.t (id int);',
      "GRANT SELECT ON t TO :role;\nSELECT :'value', 1::int;",
    ];
    expect(placeholderSchemas(texts)).toEqual([]);
  });
});
