import { parseSync } from 'libpg-query';
import { blockCommentEnd, isIdentifierCode, lineEnd } from './lexical.js';

/**
 * A syntax check without PostgreSQL's grammar for the commonest bulk statement: INSERT … VALUES
 * rows of plain literals (numbers, strings, NULL, TRUE, FALSE, DEFAULT). On the Debian corpus 92 k
 * of 116 k statements are such data rows, and checking them with libpg-query's normalize took about
 * 1.1 s of a 7 s review. The head (`INSERT INTO t (a, b) VALUES`) is checked by the real parser,
 * once per distinct head; the rows by the scanner below, which accepts only what PostgreSQL's
 * grammar accepts. Anything it is unsure of (casts, function calls, adjacent strings, U&'' or
 * dollar-quoted strings, escapes that can make bytes) answers false, and the caller asks
 * libpg-query as before: a false is never a syntax error, only "not proven here".
 */

const heads = new Map<string, boolean>();
const HEADS_KEPT = 4096;

/** Whether `masked` (a whole INSERT statement, `;` optional) is valid SQL, when provable here; `headLength` ends at VALUES. */
export function literalRowsAreValid(masked: string, headLength: number): boolean {
  // A NUL would end the C string libpg-query reads: the text it checks would not be this one.
  if (masked.includes('\0')) return false;
  if (rowsEnd(masked, headLength)) return headIsValid(masked.slice(0, headLength));
  return shapeIsValid(masked);
}

const shapes = new Map<string, boolean>();

/**
 * Data rows that are not plain literals (a sub-select per row: GNUmed's 59 k thesaurus rows) are
 * checked by their shape: the statement with the content of every string literal taken out. A
 * string's content never decides what PostgreSQL's grammar accepts (only its lexer reads it, and
 * E'' escapes that could fail are refused here), so the statement is valid exactly when its shape
 * is, and rows of one shape are parsed once.
 */
function shapeIsValid(masked: string): boolean {
  const shape = stringsEmptied(masked);
  if (shape === undefined) return false;
  let valid = shapes.get(shape);
  if (valid === undefined) {
    try {
      valid = (parseSync(shape).stmts ?? []).length === 1;
    } catch {
      valid = false;
    }
    if (shapes.size >= HEADS_KEPT) shapes.clear();
    shapes.set(shape, valid);
  }
  return valid;
}

/** End of the word or number starting at `from` (identifier characters, lexical.ts). */
function wordEnd(text: string, from: number): number {
  let index = from;
  while (isIdentifierCode(text.charCodeAt(index))) index += 1;
  return index;
}

/** The text with each '…' and E'…' literal made '', everything else as it is; undefined where that could change a token. */
function stringsEmptied(text: string): string | undefined {
  let shape = '';
  let copied = 0;
  let index = 0;
  while (index < text.length) {
    const code = text.charCodeAt(index);
    if (code === 0x2d && text.charCodeAt(index + 1) === 0x2d) index = lineEnd(text, index);
    else if (code === 0x2f && text.charCodeAt(index + 1) === 0x2a) {
      index = blockCommentEnd(text, index, -1); // unclosed: PostgreSQL refuses it
      if (index < 0) return undefined;
    } else if (code === 0x22) {
      // "quoted identifier" ("" inside): kept as it is.
      let close = text.indexOf('"', index + 1);
      while (close >= 0 && text.charCodeAt(close + 1) === 0x22) close = text.indexOf('"', close + 2);
      if (close < 0) return undefined;
      index = close + 1;
    } else if (code === QUOTE || ((code === 0x45 || code === 0x65) && text.charCodeAt(index + 1) === QUOTE)) {
      const end = code === QUOTE ? standardStringEnd(text, index) : escapeStringEnd(text, index + 1);
      if (end < 0) return undefined;
      shape += `${text.slice(copied, index)}''`;
      copied = end;
      index = end;
    } else if (code !== 0x24 && isIdentifierCode(code)) {
      // A word or number ($ continues one but does not start one).
      index = wordEnd(text, index + 1);
      // B'…', X'…', N'…', U&'…' and typed literals glued to a word: left to libpg-query.
      const next = text.charCodeAt(index);
      if (next === QUOTE || next === 0x26) return undefined;
    } else if (code === 0x24)
      return undefined; // $1 or a dollar-quoted string
    else index += 1;
  }
  return shape + text.slice(copied);
}

/** The head with one row of its own is one INSERT … VALUES statement of one row (so the head ends outside any literal or comment). */
function headIsValid(head: string): boolean {
  let valid = heads.get(head);
  if (valid === undefined) {
    try {
      const stmts = parseSync(`${head} (1)`).stmts ?? [];
      const insert = stmts.length === 1 ? (stmts[0]?.stmt as { InsertStmt?: InsertShape } | undefined)?.InsertStmt : undefined;
      valid = insert?.selectStmt?.SelectStmt?.valuesLists?.length === 1;
    } catch {
      valid = false;
    }
    if (heads.size >= HEADS_KEPT) heads.clear();
    heads.set(head, valid);
  }
  return valid;
}

interface InsertShape {
  selectStmt?: { SelectStmt?: { valuesLists?: unknown[] } };
}

const SPACE = new Set([0x20, 0x09, 0x0a, 0x0d, 0x0c]);
const QUOTE = 0x27;
const BACKSLASH = 0x5c;

/** `( value, … )` rows separated by commas, then an optional `;`, then nothing but space and comments. */
function rowsEnd(text: string, from: number): boolean {
  let index = skipSpace(text, from);
  for (;;) {
    if (text.charCodeAt(index) !== 0x28) return false; // (
    index = skipSpace(text, index + 1);
    for (;;) {
      index = valueEnd(text, index);
      if (index < 0) return false;
      index = skipSpace(text, index);
      const next = text.charCodeAt(index);
      if (next === 0x29) break; // )
      if (next !== 0x2c) return false; // ,
      index = skipSpace(text, index + 1);
    }
    index = skipSpace(text, index + 1);
    if (text.charCodeAt(index) !== 0x2c) break;
    index = skipSpace(text, index + 1);
  }
  if (text.charCodeAt(index) === 0x3b) index = skipSpace(text, index + 1); // ;
  return index === text.length;
}

function skipSpace(text: string, from: number): number {
  let index = from;
  for (;;) {
    const code = text.charCodeAt(index);
    if (SPACE.has(code)) index += 1;
    else if (code === 0x2d && text.charCodeAt(index + 1) === 0x2d) index = lineEnd(text, index);
    else if (code === 0x2f && text.charCodeAt(index + 1) === 0x2a) {
      index = blockCommentEnd(text, index, -1); // unclosed: PostgreSQL refuses it
      if (index < 0) return -1;
    } else return index;
  }
}

const WORDS = /(?:null|true|false|default)(?![\w$\u0080-\uffff])/iy;
const NUMBER = /[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?(?![\w$.\u0080-\uffff])/y;

/** End of one literal value at `from`, or -1 when it is anything else. */
function valueEnd(text: string, from: number): number {
  if (from < 0) return -1;
  const code = text.charCodeAt(from);
  if (code === QUOTE) return standardStringEnd(text, from);
  if ((code === 0x45 || code === 0x65) && text.charCodeAt(from + 1) === QUOTE) return escapeStringEnd(text, from + 1);
  for (const pattern of [NUMBER, WORDS]) {
    pattern.lastIndex = from;
    if (pattern.test(text)) return pattern.lastIndex;
  }
  return -1;
}

/** '…' with '' for a quote; backslashes are plain characters (standard_conforming_strings, PostgreSQL's default and libpg-query's). */
function standardStringEnd(text: string, quote: number): number {
  let index = quote + 1;
  for (;;) {
    const close = text.indexOf("'", index);
    if (close < 0) return -1;
    if (text.charCodeAt(close + 1) !== QUOTE) return close + 1;
    index = close + 2;
  }
}

/**
 * E'…': backslash escapes. Octal, hex and Unicode escapes (\\0–\\7, \\x, \\u, \\U) can make bytes that
 * are no valid text, which PostgreSQL refuses: those answer -1.
 */
function escapeStringEnd(text: string, quote: number): number {
  let index = quote + 1;
  for (;;) {
    const code = text.charCodeAt(index);
    if (Number.isNaN(code)) return -1;
    if (code === BACKSLASH) {
      const escaped = text[index + 1];
      if (escaped === undefined || /[0-7xuU]/.test(escaped)) return -1;
      index += 2;
    } else if (code === QUOTE) {
      if (text.charCodeAt(index + 1) !== QUOTE) return index + 1;
      index += 2;
    } else index += 1;
  }
}
