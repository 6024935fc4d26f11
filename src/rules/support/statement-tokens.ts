import { scanSync } from 'libpg-query';
import type { SqlStatement } from '../../parse/sql/parse-sql.js';

/**
 * The tokens of a statement as PostgreSQL's own scanner sees them, comments left out, so rules can
 * find where a clause ends or where a keyword must go without being fooled by comments, strings or
 * quoted names. Offsets are UTF-8 byte offsets into the statement, like AST locations.
 */

export interface StatementToken {
  start: number;
  end: number;
  text: string;
}

/** A range of a statement in UTF-8 bytes: [start, end). */
export interface ByteSpan {
  start: number;
  end: number;
}

const COMMENT_TOKENS = new Set(['SQL_COMMENT', 'C_COMMENT']);

/** Code tokens of the statement; empty when the scanner cannot read it (then rules offer no exact fix). */
export function statementTokens(statement: SqlStatement): StatementToken[] {
  try {
    return scanSync(statement.text)
      .tokens.filter((token) => !COMMENT_TOKENS.has(token.tokenName))
      .map(({ start, end, text }) => ({ start, end, text }));
  } catch {
    return [];
  }
}

/**
 * The clause that starts at `location` (an AST location), up to its last token before a comma at
 * the same nesting level or the end of the statement. Used for ALTER TABLE sub-commands, whose end
 * the AST does not record.
 */
export function clauseSpan(tokens: readonly StatementToken[], location: number): ByteSpan | undefined {
  const first = tokens.findIndex((token) => token.start >= location);
  if (first < 0) return undefined;
  let depth = 0;
  let end = tokens[first]!.end;
  for (const token of tokens.slice(first)) {
    if (token.text === '(' || token.text === '[') depth += 1;
    if (token.text === ')' || token.text === ']') depth -= 1;
    if (depth < 0 || (depth === 0 && token.text === ',')) break;
    end = token.end;
  }
  return { start: tokens[first]!.start, end };
}

/** The first run of consecutive tokens spelling `words` (case-insensitive), at or after `from`. */
export function keywordSpan(tokens: readonly StatementToken[], words: readonly string[], from = 0): ByteSpan | undefined {
  for (let index = 0; index + words.length <= tokens.length; index += 1) {
    if (tokens[index]!.start < from) continue;
    const matches = words.every((word, offset) => tokens[index + offset]!.text.toUpperCase() === word.toUpperCase());
    if (matches) return { start: tokens[index]!.start, end: tokens[index + words.length - 1]!.end };
  }
  return undefined;
}

/** Text of a byte span of the statement. */
export function spanText(statement: SqlStatement, span: ByteSpan): string {
  return statement.text.slice(charIndex(statement, span.start), charIndex(statement, span.end));
}

/** `location`/`length` for RuleReport that underline the span (length counts characters). */
export function spanReport(statement: SqlStatement, span: ByteSpan): { location: number; length: number } {
  return { location: span.start, length: charIndex(statement, span.end) - charIndex(statement, span.start) };
}

function charIndex(statement: SqlStatement, byteOffset: number): number {
  return statement.offsetOf(byteOffset) - statement.start;
}
