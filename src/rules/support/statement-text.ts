import type { SqlStatement } from '../../parse/sql/parse-sql.js';
import { byteToCharOffsetMapper, utf8Length } from '../../parse/sql/source-text.js';

/**
 * Finding clauses in a statement's text when the parser gives them no location (SET NOT NULL,
 * ALTER TYPE … ADD VALUE …). Reports take byte offsets (the parser's unit), so the helpers convert.
 */

export interface TextSpan {
  /** Byte offset into the statement, as RuleReport.location expects. */
  location: number;
  /** Length in characters. */
  length: number;
}

/** Byte offset of a character offset of the statement text. */
export function byteOffsetOf(text: string, characterOffset: number): number {
  return utf8Length(text.slice(0, characterOffset));
}

/** Character offset of a byte offset of the statement text (source-text.ts does the conversion). */
export function characterOffsetOf(text: string, byteOffset: number): number {
  return byteToCharOffsetMapper(text)(byteOffset);
}

/**
 * The first match of `pattern` in the statement at or after byte offset `fromByte`, skipping
 * comments and string literals so that a keyword inside them is never underlined.
 */
export function findInStatement(statement: SqlStatement, pattern: RegExp, fromByte = 0): TextSpan | undefined {
  const text = blankCommentsAndStrings(statement.text);
  const flags = pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`;
  const search = new RegExp(pattern.source, flags);
  search.lastIndex = characterOffsetOf(statement.text, fromByte);
  const match = search.exec(text);
  if (!match) return undefined;
  return { location: byteOffsetOf(statement.text, match.index), length: match[0].length };
}

/** A regular expression source matching an identifier as SQL may spell it: bare (any case) or quoted. */
export function identifierPattern(name: string): string {
  const quoted = `"${name.replace(/"/g, '""')}"`.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  if (!/^[a-z_][a-z0-9_$]*$/.test(name)) return quoted;
  return `(?:${quoted}|\\b${name.replace(/\$/g, '\\$')}\\b)`;
}

/** The text with comments and the insides of string literals replaced by spaces (same length). */
export function blankCommentsAndStrings(text: string): string {
  return text.replace(/--[^\n]*|\/\*[\s\S]*?\*\/|'(?:[^']|'')*'|\$([A-Za-z_]*)\$[\s\S]*?\$\1\$/g, (match) =>
    match.startsWith("'") ? `'${' '.repeat(match.length - 2)}'` : ' '.repeat(match.length),
  );
}

/** The match of `pattern` starting exactly at byte offset `location` (e.g. a type's full spelling). */
export function matchAt(
  statement: SqlStatement,
  location: number | undefined,
  pattern: RegExp,
): (TextSpan & { text: string; groups: string[] }) | undefined {
  if (location === undefined) return undefined;
  const start = characterOffsetOf(statement.text, location);
  const match = new RegExp(`^(?:${pattern.source})`, pattern.flags.replace('g', '')).exec(statement.text.slice(start));
  if (!match) return undefined;
  return { location, length: match[0].length, text: match[0], groups: match.slice(1).map((group) => group ?? '') };
}
