/**
 * Positions in source text. dbarch reports 1-based lines and 1-based columns counted in UTF-16 code
 * units (what JavaScript strings, editors, SARIF and GitHub use); the PostgreSQL parser reports byte
 * offsets into UTF-8, so conversions live here and nowhere else.
 */

export interface SourceRange {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let index = text.indexOf('\n'); index >= 0; index = text.indexOf('\n', index + 1)) {
      this.starts.push(index + 1);
    }
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** 1-based line and column of a character offset. */
  position(offset: number): { line: number; column: number } {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.starts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - this.starts[low]! + 1 };
  }

  /** Range of the characters [start, end). The end column points past the last character. */
  range(start: number, end: number): SourceRange {
    const from = this.position(start);
    const to = this.position(Math.max(start, end));
    return { line: from.line, column: from.column, endLine: to.line, endColumn: to.column };
  }

  /** Text of a 1-based line without its line break. */
  lineText(line: number): string {
    const start = this.starts[line - 1];
    if (start === undefined) return '';
    const next = this.starts[line];
    return this.text.slice(start, next === undefined ? undefined : next - 1).replace(/\r$/, '');
  }

  /** Character offset of a 1-based line's first character. */
  lineStart(line: number): number {
    return this.starts[Math.min(Math.max(line, 1), this.starts.length) - 1]!;
  }
}

// eslint-disable-next-line no-control-regex -- the range is the point: everything outside 7-bit ASCII
const NON_ASCII = /[^\u0000-\u007f]/;

/** Converts byte offsets of one piece of text (UTF-8) to character offsets of the same text. */
export function byteToCharOffsetMapper(text: string): (byteOffset: number) => number {
  if (!NON_ASCII.test(text)) return (byteOffset) => byteOffset;
  const bytes = Buffer.from(text, 'utf8');
  return (byteOffset) => bytes.subarray(0, Math.max(0, byteOffset)).toString('utf8').length;
}

export function utf8Length(text: string): number {
  return NON_ASCII.test(text) ? Buffer.byteLength(text, 'utf8') : text.length;
}
