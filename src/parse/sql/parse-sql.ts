import { hasSqlDetails, loadModule, normalizeSync, parseSync } from 'libpg-query';
import type { Node } from '@pgsql/types';
import { byteToCharOffsetMapper, LineIndex, type SourceRange } from './source-text.js';
import { maskPlaceholders } from './placeholders.js';
import { literalRowsAreValid } from './literal-rows.js';
import { copyReadsStdin, splitStatements, type CommentSpan, type MetaCommand } from './split-statements.js';
import { MAX_SQL_TREE_DEPTH, nestsDeeperThan } from '../nesting-limit.js';

/**
 * Parses a SQL migration with PostgreSQL's own parser (libpg-query), one statement at a time.
 * Statements keep exact source ranges; AST locations are translated from UTF-8 byte offsets of the
 * statement to ranges in the file.
 */

export interface SqlStatement {
  index: number;
  /** Original text of the statement (without the terminating `;`). */
  text: string;
  /** Character offsets in the file: [start, end). */
  start: number;
  end: number;
  range: SourceRange;
  /** Statement node kind as the parser names it: "AlterTableStmt", "IndexStmt" … */
  kind: string;
  /** The statement's AST (the inner object of `{ [kind]: … }`); absent for bulk-data statements. */
  ast?: Record<string, unknown>;
  /** The wrapped node as libpg-query returns it, for helpers that take a Node. */
  node?: Node;
  /** Bulk data statements (large INSERT … VALUES, COPY) are only syntax-checked, not turned into ASTs. */
  bulk?: { relation?: string };
  /** Range in the file of an AST location (a byte offset into this statement) through `length` characters. */
  rangeAt(location: number | undefined, length?: number): SourceRange;
  /** Character offset in the file of an AST location. */
  offsetOf(location: number): number;
}

export interface SqlSyntaxError {
  message: string;
  range: SourceRange;
  statementIndex: number;
  /** Not PostgreSQL's refusal: the statement nests too deeply for dbarch to analyse (a `not-reviewed` finding). */
  tooDeep?: boolean;
}

export interface ParsedSql {
  text: string;
  lines: LineIndex;
  statements: SqlStatement[];
  errors: SqlSyntaxError[];
  metaCommands: MetaCommand[];
  comments: CommentSpan[];
}

/** Above this size an INSERT/COPY is treated as bulk data: syntax-checked, but no AST is built. */
const BULK_STATEMENT_CHARS = 2048;
/**
 * A file with at least this many INSERT … VALUES statements is a data load (reference data, seed
 * rows): each of those statements is bulk data, whatever its size. Rules have nothing to say about
 * single-row inserts, and tens of thousands of ASTs would cost seconds and hundreds of MB.
 */
const DATA_LOAD_INSERTS = 1000;
const RELATION = String.raw`(?:"[^"]+"|[A-Za-z_][\w$]*)(?:\s*\.\s*(?:"[^"]+"|[A-Za-z_][\w$]*))?`;
const BULK_START = new RegExp(String.raw`^(?:INSERT\s+INTO|COPY)\s+(${RELATION})`, 'i');
const INSERT_VALUES = new RegExp(
  String.raw`^INSERT\s+INTO\s+(${RELATION})\s*(?:\([^)]*\)\s*)?(?:OVERRIDING\s+(?:SYSTEM|USER)\s+VALUE\s+)?VALUES\b`,
  'i',
);

/** A call of a function that may reach the server's files, programs or network. */
const SERVER_CALL = /\b(?:pg_\w+|lo_\w+|dblink\w*)\s*\(/i;
/** pg_catalog.…, or an unqualified pg_… name (pg_catalog is searched first). */
const SYSTEM_RELATION = /^(?:"?pg_catalog"?\s*\.|"?pg_)/i;

let moduleReady: Promise<void> | undefined;

/** Loads the parser's WebAssembly module once; every parse function needs it first. */
export function loadSqlParser(): Promise<void> {
  moduleReady ??= loadModule();
  return moduleReady;
}

export interface ParseOptions {
  /** Parse only the statements whose text matches (others are left out unparsed): reading a base schema needs only DDL. */
  only?: RegExp;
  /**
   * false: every bulk statement is syntax-checked by libpg-query, none by the literal-rows scanner
   * (literal-rows.ts). The results are the same either way; tests compare them.
   */
  literalRows?: boolean;
}

/** Parses a whole file. Call (and await) loadSqlParser() once before. */
export function parseSql(text: string, options: ParseOptions = {}): ParsedSql {
  const lines = new LineIndex(text);
  const split = splitStatements(text);
  const statements: SqlStatement[] = [];
  const errors: SqlSyntaxError[] = [];
  const originals = split.statements.map((chunk) => text.slice(chunk.start, chunk.end));
  const dataLoad = isDataLoad(originals);
  split.statements.forEach((chunk, chunkIndex) => {
    const index = statements.length;
    const original = originals[chunkIndex]!;
    if (options.only && !options.only.test(original)) return;
    const result = parseOne(original, dataLoad, options.literalRows ?? true);
    const statement = buildStatement(index, original, chunk.start, lines, result);
    if ('error' in result) {
      const { message, tooDeep } = result.error;
      errors.push({ message, range: errorRange(statement, result.error, lines), statementIndex: index, ...(tooDeep ? { tooDeep } : {}) });
      return;
    }
    statements.push(statement);
  });
  return { text, lines, statements, errors, metaCommands: split.metaCommands, comments: split.comments };
}

function isDataLoad(originals: readonly string[]): boolean {
  if (originals.length < DATA_LOAD_INSERTS) return false;
  let inserts = 0;
  for (const original of originals) if (INSERT_VALUES.test(original) && ++inserts >= DATA_LOAD_INSERTS) return true;
  return false;
}

type ParseOutcome =
  | { kind: string; ast?: Record<string, unknown>; node?: Node; bulk?: { relation?: string } }
  | { error: { message: string; cursor?: number; tooDeep?: boolean } };

const TOO_DEEP = {
  message: `the statement nests more than ${MAX_SQL_TREE_DEPTH} levels deep in PostgreSQL's parse tree, beyond what dbarch analyses`,
  tooDeep: true,
};

function parseOne(original: string, dataLoad: boolean, literalRows: boolean): ParseOutcome {
  const masked = maskPlaceholders(original);
  try {
    const bulk = bulkStatement(original, dataLoad);
    if (bulk) {
      const copy = /^COPY/i.test(original);
      // Rows of plain literals are checked by a scanner (literal-rows.ts); whatever it cannot vouch for, by PostgreSQL's grammar.
      const head = literalRows && !copy ? INSERT_VALUES.exec(original) : null;
      const provenValid = head !== null && literalRowsAreValid(masked, head[0].length);
      if (!provenValid) syntaxCheck(masked, bulk[0]);
      return { kind: copy ? 'CopyStmt' : 'InsertStmt', bulk: { relation: bulk[1] } };
    }
    const result = parseSync(masked);
    const raw = result.stmts?.[0];
    if (!raw?.stmt) return { kind: 'Empty' };
    if ((result.stmts?.length ?? 0) > 1) return { error: { message: 'more than one statement where one was expected' } };
    // Rules and analyses walk the tree recursively: a statement nested thousands of levels deep is refused here.
    if (nestsDeeperThan(raw.stmt, MAX_SQL_TREE_DEPTH)) return { error: TOO_DEEP };
    const node = raw.stmt as Node;
    const kind = Object.keys(node)[0]!;
    return { kind, node, ast: (node as unknown as Record<string, Record<string, unknown>>)[kind] };
  } catch (error) {
    // A JavaScript stack overflow while libpg-query decodes a very deep tree is not PostgreSQL's refusal.
    if (error instanceof RangeError) return { error: TOO_DEEP };
    const cursor = hasSqlDetails(error) ? error.sqlDetails?.cursorPosition : undefined;
    return { error: { message: (error as Error).message, cursor } };
  }
}

/**
 * The bulk-data match (whole prefix, relation) for a statement that gets no AST, else null. What
 * the security rules must read is never bulk, however long: a COPY whose rows do not come from the
 * client (COPY … PROGRAM, a server file), an INSERT that calls a pg_*, lo_* or dblink* function
 * (pg_read_file, lo_export …), an INSERT into a system catalog. Padding such a statement past
 * BULK_STATEMENT_CHARS, or hiding it in a data load, would otherwise hide it from them.
 */
function bulkStatement(original: string, dataLoad: boolean): RegExpExecArray | null {
  const match = original.length > BULK_STATEMENT_CHARS ? BULK_START.exec(original) : dataLoad ? INSERT_VALUES.exec(original) : null;
  if (!match) return null;
  if (/^COPY/i.test(original)) return copyReadsStdin(original) ? match : null;
  return SYSTEM_RELATION.test(match[1]!) || SERVER_CALL.test(original) ? null : match;
}

/**
 * Syntax check without an AST. normalize runs PostgreSQL's grammar like parse but returns only the
 * text with constants replaced (about a third of parse's cost, no JSON): the result starts with the
 * statement's own prefix. Errors come back as a thrown error or, for lexer errors ("unterminated
 * quoted string …"), as the result text; either way parse runs again to throw one with a position.
 */
function syntaxCheck(masked: string, prefix: string): void {
  let normalized: string | undefined;
  try {
    normalized = normalizeSync(masked);
  } catch {
    normalized = undefined;
  }
  if (normalized === undefined || !normalized.startsWith(prefix)) parseSync(masked);
}

function buildStatement(index: number, original: string, start: number, lines: LineIndex, outcome: ParseOutcome): SqlStatement {
  let toChar: ((byteOffset: number) => number) | undefined; // built on first use: most statements never need it
  const offsetOf = (location: number): number => {
    toChar ??= byteToCharOffsetMapper(original);
    return start + Math.min(toChar(location), original.length);
  };
  const parsed = 'error' in outcome ? { kind: 'Error' } : outcome;
  return {
    index,
    text: original,
    start,
    end: start + original.length,
    range: lines.range(start, start + original.length),
    kind: parsed.kind,
    ast: 'ast' in parsed ? parsed.ast : undefined,
    node: 'node' in parsed ? parsed.node : undefined,
    bulk: 'bulk' in parsed ? parsed.bulk : undefined,
    offsetOf,
    rangeAt(location, length) {
      if (location === undefined || location < 0) return lines.range(start, start + original.length);
      const from = offsetOf(location);
      const to = length === undefined ? from + tokenLength(original, from - start) : from + length;
      return lines.range(from, Math.min(to, start + original.length));
    },
  };
}

/**
 * Unlike AST locations (bytes), PostgreSQL reports a syntax error's cursor in characters (code
 * points, 0-based here); JavaScript strings count UTF-16 units, which differ only for astral
 * characters such as emoji.
 */
function errorRange(statement: SqlStatement, error: { cursor?: number }, lines: LineIndex): SourceRange {
  if (error.cursor === undefined) return statement.range;
  const from = statement.start + codePointsToUtf16(statement.text, error.cursor);
  return lines.range(from, from + tokenLength(statement.text, from - statement.start));
}

function codePointsToUtf16(text: string, codePoints: number): number {
  if (!/[\uD800-\uDBFF]/.test(text)) return Math.min(codePoints, text.length);
  let units = 0;
  for (let seen = 0; seen < codePoints && units < text.length; seen += 1) units += text.codePointAt(units)! > 0xffff ? 2 : 1;
  return units;
}

/** Length of the word or symbol starting at a character offset of a statement (for underlining). */
function tokenLength(text: string, offset: number): number {
  const match = /^(?:"(?:[^"]|"")*"|[\w$]+|'(?:[^']|'')*'|\S)/.exec(text.slice(offset, offset + 200));
  return match ? match[0].length : 1;
}
