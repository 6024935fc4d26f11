import type { Finding } from '../review-types/index.js';

/**
 * The source lines a finding points at, with the part to underline. Columns are 1-based UTF-16
 * code units and endColumn points past the last character (the Finding contract, like SARIF).
 */
export interface ExcerptLine {
  /** 1-based line number, or undefined for the "…" line that stands for lines left out. */
  number?: number;
  text: string;
  /** 0-based offsets into `text` of the underlined characters: [start, end). */
  underlineStart: number;
  underlineEnd: number;
}

type FindingRange = Pick<Finding, 'line' | 'endLine' | 'column' | 'endColumn'>;

/** Lines shown for a long range: the first ones and the last ones, with an ellipsis between. */
const HEAD_LINES = 3;
const TAIL_LINES = 2;
/** Longest line shown whole; longer ones are cut to a window around the underlined part. */
const MAX_LINE_WIDTH = 160;

/** `source`: the file's text, or its lines (split once when a file has many findings). */
export function excerptLines(source: string | readonly string[], range: FindingRange): ExcerptLine[] {
  const lines = typeof source === 'string' ? sourceLines(source) : source;
  let endLine = Math.min(Math.max(range.line, range.endLine), lines.length);
  let endColumn = range.endColumn;
  // A range that ends at column 1 ends with the previous line's line break: underline up to it.
  if (endLine > range.line && endColumn === 1) {
    endLine -= 1;
    endColumn = undefined;
  }
  const result: ExcerptLine[] = [];
  for (let number = range.line; number <= endLine; number += 1) {
    const text = (lines[number - 1] ?? '').replace(/\t/g, ' ');
    const start = number === range.line && range.column ? range.column - 1 : firstNonBlank(text);
    const end = number === endLine && endColumn ? endColumn - 1 : text.trimEnd().length;
    result.push(clipLongLine({ number, text, underlineStart: start, underlineEnd: Math.max(end, start + 1) }));
  }
  return elideMiddle(result);
}

export function sourceLines(source: string): string[] {
  return source.split(/\r?\n/);
}

function firstNonBlank(text: string): number {
  const index = text.search(/\S/);
  return index < 0 ? 0 : index;
}

function elideMiddle(lines: ExcerptLine[]): ExcerptLine[] {
  if (lines.length <= HEAD_LINES + TAIL_LINES + 1) return lines;
  const gap: ExcerptLine = { text: '…', underlineStart: 0, underlineEnd: 0 };
  return [...lines.slice(0, HEAD_LINES), gap, ...lines.slice(-TAIL_LINES)];
}

/** Cuts a very long line (generated or minified SQL) to a window around the underline. */
function clipLongLine(line: ExcerptLine): ExcerptLine {
  if (line.text.length <= MAX_LINE_WIDTH) return line;
  const windowStart = Math.max(0, Math.min(line.underlineStart - 20, line.text.length - MAX_LINE_WIDTH));
  const windowEnd = Math.min(line.text.length, windowStart + MAX_LINE_WIDTH);
  const prefix = windowStart > 0 ? '…' : '';
  const suffix = windowEnd < line.text.length ? '…' : '';
  const shift = prefix.length - windowStart;
  return {
    number: line.number,
    text: `${prefix}${line.text.slice(windowStart, windowEnd)}${suffix}`,
    underlineStart: line.underlineStart + shift,
    underlineEnd: Math.min(line.underlineEnd, windowEnd) + shift,
  };
}
