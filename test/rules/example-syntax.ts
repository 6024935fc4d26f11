import { parseDocument } from 'yaml';
import { decodeFileContent } from '../../src/collect/file-content.js';
import { readAlembicRevision } from '../../src/parse/alembic/index.js';
import { parsePrisma } from '../../src/parse/prisma/parse-prisma.js';
import { loadPythonParser, withPythonTree } from '../../src/parse/python/python-parser.js';
import { loadSqlParser, parseSql } from '../../src/parse/sql/parse-sql.js';
import type { RuleExample } from '../../src/rules/support/rule-docs.js';
import { unescapeBytes } from '../helpers/lint-file-bytes.js';

/**
 * The syntax errors in a rule example, read with the parser the engine uses for that kind of file:
 * PostgreSQL's (libpg-query) for SQL, tree-sitter for Python (for an Alembic revision also the SQL
 * its op.execute() strings send), dbarch's Prisma reader, and the YAML parser for config examples.
 * The `base` and `previous` blocks count too: an unparsable base quietly becomes an empty schema,
 * and the example then shows something other than what its page says.
 *
 * Why this matters: a rule that is silent on a file that does not parse passes its Valid example
 * for the wrong reason, and an Invalid example that only fires on a broken file documents a case
 * users never write.
 */

export async function loadExampleParsers(): Promise<void> {
  await Promise.all([loadSqlParser(), loadPythonParser()]);
}

/** "<block>: line N: message" for every syntax error of the example and its base/previous blocks. */
export function exampleSyntaxErrors(example: RuleExample): string[] {
  const blocks: [string, string | undefined][] = [
    ['base', example.base],
    ['previous', example.previous],
    ['example', example.sql],
  ];
  return blocks.flatMap(([block, text]) => (text === undefined ? [] : syntaxErrors(example, text).map((error) => `${block}: ${error}`)));
}

function syntaxErrors(example: RuleExample, text: string): string[] {
  if (example.bytes === 'escaped') return escapedBytesErrors(text);
  if (example.language === 'yaml') return parseDocument(text).errors.map((error) => error.message);
  if (example.language === 'prisma') {
    const schema = parsePrisma(text);
    return schema.errors.map((error) => `line ${schema.lines.position(error.span.start).line}: ${error.message}`);
  }
  if (example.language === 'python' && example.path) return pythonErrors(text);
  if (example.language === 'python') return alembicErrors(text);
  return sqlErrors(text);
}

function sqlErrors(text: string): string[] {
  return parseSql(text).errors.map((error) => `line ${error.range.line}: ${error.message}`);
}

function pythonErrors(text: string): string[] {
  return withPythonTree(text, (source) => source.errors.map((error) => `line ${error.range.line}: ${error.message}`));
}

/** The revision's Python, and the SQL its operations send (an op.execute() string is SQL). */
function alembicErrors(text: string): string[] {
  const revision = readAlembicRevision(text);
  return [
    ...revision.syntaxErrors.map((error) => `line ${error.range.line}: ${error.message}`),
    ...revision.mapped.errors.map((error) => `line ${error.range.line}: generated SQL: ${error.message}`),
  ];
}

/**
 * An example of raw bytes is SQL once decoded; bytes the collector refuses (a NUL, invalid UTF-8)
 * never reach a parser, so the SQL around them is checked with those bytes left out.
 */
function escapedBytesErrors(text: string): string[] {
  const decoded = decodeFileContent(unescapeBytes(text));
  return sqlErrors(decoded.content ?? text.replace(/\\x[0-9a-fA-F]{2}/g, ''));
}
