/**
 * Where PostgreSQL's lexical elements end: comments, quoted literals and identifiers. Shared by the
 * statement splitter and the placeholder masker, which both walk raw SQL text and must skip exactly
 * what the server's scanner skips. Scans character codes with indexOf jumps: files reach 20 MB.
 */

const QUOTE = 0x27;
const BACKSLASH = 0x5c;

export function lineEnd(text: string, from: number): number {
  const newline = text.indexOf('\n', from);
  return newline < 0 ? text.length : newline;
}

/**
 * End (exclusive) of a `/* … *\/` comment starting at `from`; PostgreSQL nests them. An unclosed
 * comment ends at `unclosed` (default: the end of the text, where the splitter stops anyway).
 */
export function blockCommentEnd(text: string, from: number, unclosed = text.length): number {
  let depth = 1;
  let index = from + 2;
  while (depth > 0) {
    const close = text.indexOf('*/', index);
    if (close < 0) return unclosed;
    const open = text.indexOf('/*', index);
    if (open >= 0 && open < close) {
      depth += 1;
      index = open + 2;
    } else {
      depth -= 1;
      index = close + 2;
    }
  }
  return index;
}

/** End (exclusive) of the '…', E'…' or "…" literal whose opening quote is at `from`. */
export function literalEnd(text: string, from: number): number {
  const quote = text[from]!;
  if (quote === "'" && isEscapeString(text, from)) return escapeStringEnd(text, from);
  let index = from + 1;
  for (;;) {
    const close = text.indexOf(quote, index);
    if (close < 0) return text.length;
    if (text[close + 1] !== quote) return close + 1;
    index = close + 2; // a doubled quote stands for itself
  }
}

/** An E'…' literal, where a backslash escapes the next character. */
function escapeStringEnd(text: string, from: number): number {
  let index = from + 1;
  while (index < text.length) {
    const code = text.charCodeAt(index);
    if (code === BACKSLASH) {
      index += 2;
    } else if (code === QUOTE) {
      if (text.charCodeAt(index + 1) === QUOTE) index += 2;
      else return index + 1;
    } else {
      index += 1;
    }
  }
  return text.length;
}

function isEscapeString(text: string, quoteIndex: number): boolean {
  const before = text.charCodeAt(quoteIndex - 1) | 0x20;
  return before === 0x65 /* e */ && !isIdentifierCode(text.charCodeAt(quoteIndex - 2));
}

export function isSpaceCode(code: number): boolean {
  return code === 0x20 || (code >= 0x09 && code <= 0x0d);
}

export function isWordStartCode(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
}

/** Letters, digits, `_`, `$` and non-ASCII characters continue an identifier (NaN, before the text, does not). */
export function isIdentifierCode(code: number): boolean {
  return isWordStartCode(code) || (code >= 48 && code <= 57) || code === 0x24 || code > 0x7f;
}

const DOLLAR_TAG = /\$([A-Za-z_\u0080-\uffff][A-Za-z_0-9\u0080-\uffff]*)?\$/y;

/** End (exclusive) of the $tag$ … $tag$ string starting at `from`; from + 1 when no dollar quote starts there. */
export function dollarQuotedEnd(text: string, from: number): number {
  DOLLAR_TAG.lastIndex = from;
  const match = DOLLAR_TAG.exec(text);
  if (!match) return from + 1;
  const close = text.indexOf(match[0], from + match[0].length);
  return close < 0 ? text.length : close + match[0].length;
}

const QUOTE_CODE = 0x27;
const DOUBLE_QUOTE_CODE = 0x22;
const MINUS_CODE = 0x2d;
const SLASH_CODE = 0x2f;
const STAR_CODE = 0x2a;
const DOLLAR_CODE = 0x24;

/**
 * SQL text with its string literals (dollar-quoted too) and quoted identifiers emptied ('', "") and
 * its comments blanked: keywords and plain names are what is left, for tests on a statement's shape.
 */
export function codeOnly(statement: string): string {
  let code = '';
  let copied = 0;
  let index = 0;
  while (index < statement.length) {
    const at = statement.charCodeAt(index);
    let end = -1;
    let replacement = ' ';
    if (at === QUOTE_CODE || at === DOUBLE_QUOTE_CODE) {
      end = literalEnd(statement, index);
      replacement = at === QUOTE_CODE ? "''" : '""';
    } else if (at === MINUS_CODE && statement.charCodeAt(index + 1) === MINUS_CODE) {
      end = lineEnd(statement, index);
    } else if (at === SLASH_CODE && statement.charCodeAt(index + 1) === STAR_CODE) {
      end = blockCommentEnd(statement, index);
    } else if (at === DOLLAR_CODE && !isIdentifierCode(statement.charCodeAt(index - 1))) {
      const quoted = dollarQuotedEnd(statement, index);
      if (quoted > index + 1) [end, replacement] = [quoted, "''"];
    }
    if (end < 0) {
      index += 1;
      continue;
    }
    code += `${statement.slice(copied, index)}${replacement}`;
    index = copied = end;
  }
  return code + statement.slice(copied);
}
