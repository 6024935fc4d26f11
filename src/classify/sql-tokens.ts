import { blockCommentEnd, isIdentifierCode, isSpaceCode, isWordStartCode, lineEnd, literalEnd } from '../parse/sql/lexical.js';

/**
 * A PostgreSQL-lexical token stream, just enough to look for another dialect's syntax: words
 * (lowercased), numbers and single punctuation characters. Comments, '…'/E'…' literals, "…"
 * identifiers and $tag$…$tag$ bodies are skipped exactly as PostgreSQL's scanner skips them (the
 * same helpers as the statement splitter), so a backtick or `ENGINE=` inside a string or comment of
 * a PostgreSQL migration is never seen. Quoted identifiers come out as `identifier` tokens.
 */

export interface SqlToken {
  type: 'word' | 'number' | 'punct' | 'identifier' | 'string';
  /** Lowercased word, the number's digits, the punctuation character; '' for identifiers and strings. */
  value: string;
  start: number;
}

const DOLLAR_TAG = /\$([A-Za-z_\u0080-\uffff][A-Za-z_0-9\u0080-\uffff]*)?\$/y;

/** Calls `visit` with each token in order until it returns true (found) or the text (up to `limit`) ends. */
export function scanTokens(text: string, limit: number, visit: (token: SqlToken) => boolean): void {
  let index = 0;
  const end = Math.min(limit, text.length);
  while (index < end) {
    const code = text.charCodeAt(index);
    const next = text.charCodeAt(index + 1);
    if (isSpaceCode(code)) {
      index += 1;
    } else if (code === 0x2d /* - */ && next === 0x2d) {
      index = lineEnd(text, index);
    } else if (code === 0x2f /* / */ && next === 0x2a /* * */) {
      index = blockCommentEnd(text, index);
    } else if (code === 0x27 /* ' */ || code === 0x22 /* " */) {
      const close = literalEnd(text, index);
      const stop = visit({ type: code === 0x22 ? 'identifier' : 'string', value: '', start: index });
      if (stop) return;
      index = close;
    } else if (code === 0x24 /* $ */ && !isIdentifierCode(text.charCodeAt(index - 1)) && dollarTagAt(text, index)) {
      const tag = dollarTagAt(text, index)!;
      const close = text.indexOf(tag, index + tag.length);
      if (visit({ type: 'string', value: '', start: index })) return;
      index = close < 0 ? text.length : close + tag.length;
    } else if (isWordStartCode(code) || code > 0x7f) {
      const start = index;
      while (index < text.length && isIdentifierCode(text.charCodeAt(index))) index += 1;
      if (visit({ type: 'word', value: text.slice(start, index).toLowerCase(), start })) return;
    } else if (code >= 0x30 && code <= 0x39) {
      const start = index;
      while (index < text.length && isIdentifierCode(text.charCodeAt(index))) index += 1;
      if (visit({ type: 'number', value: text.slice(start, index), start })) return;
    } else {
      const punctuation = { type: 'punct' as const, value: text[index]!, start: index };
      index += 1;
      if (visit(punctuation)) return;
    }
  }
}

function dollarTagAt(text: string, index: number): string | undefined {
  DOLLAR_TAG.lastIndex = index;
  return DOLLAR_TAG.exec(text)?.[0];
}

/** 1-based line of a character offset. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let index = text.indexOf('\n'); index >= 0 && index < offset; index = text.indexOf('\n', index + 1)) line += 1;
  return line;
}
