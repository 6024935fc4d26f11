import type { SqlStatement } from '../../parse/sql/parse-sql.js';
import { spanReport, spanText, type ByteSpan } from './statement-tokens.js';

/**
 * Exact fixes that add keywords to a statement (`CONCURRENTLY`, `NOT VALID`): the finding
 * underlines a span and the replacement is the same text with the keywords appended, written in the
 * letter case the author used, so a suggested change reads like the surrounding SQL.
 */

export interface KeywordInsertion {
  location: number;
  length: number;
  replacement: string;
}

/** Underline `span` and replace it by its own text followed by `keywords`. */
export function appendKeywords(statement: SqlStatement, span: ByteSpan, keywords: string): KeywordInsertion {
  const original = spanText(statement, span);
  return { ...spanReport(statement, span), replacement: `${original} ${inCaseOf(original, keywords)}` };
}

/** `keywords` in lower case when the sample's first word (a keyword) is lower case, else in upper case. */
export function inCaseOf(sample: string, keywords: string): string {
  const firstWord = /[A-Za-z]+/.exec(sample)?.[0] ?? '';
  return firstWord.length > 0 && firstWord === firstWord.toLowerCase() ? keywords.toLowerCase() : keywords.toUpperCase();
}
