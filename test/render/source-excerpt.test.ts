import { describe, expect, it } from '@jest/globals';
import { excerptLines } from '../../src/render/source-excerpt.js';

describe('excerptLines', () => {
  const source = 'SELECT 1;\n  ALTER TABLE t\n    DROP COLUMN c;\nSELECT 2;\n';

  it('underlines from the column to the character before the end column', () => {
    expect(excerptLines(source, { line: 1, endLine: 1, column: 8, endColumn: 9 })).toEqual([
      { number: 1, text: 'SELECT 1;', underlineStart: 7, underlineEnd: 8 },
    ]);
  });

  it('underlines a multi-line range from its start to its end, skipping indentation on later lines', () => {
    const lines = excerptLines(source, { line: 2, endLine: 3, column: 3, endColumn: 19 });
    expect(lines.map(({ underlineStart, underlineEnd }) => [underlineStart, underlineEnd])).toEqual([
      [2, 15],
      [4, 18],
    ]);
  });

  it('underlines the whole text of lines when the finding has no columns', () => {
    expect(excerptLines(source, { line: 2, endLine: 2 })).toEqual([
      { number: 2, text: '  ALTER TABLE t', underlineStart: 2, underlineEnd: 15 },
    ]);
  });

  it('treats a range that ends at column 1 as ending with the previous line', () => {
    const lines = excerptLines(source, { line: 1, endLine: 2, column: 1, endColumn: 1 });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ number: 1, underlineStart: 0, underlineEnd: 9 });
  });

  it('leaves out the middle of a long range', () => {
    const long = Array.from({ length: 12 }, (_, index) => `line ${index + 1}`).join('\n');
    const lines = excerptLines(long, { line: 1, endLine: 12 });
    expect(lines.map((line) => line.number)).toEqual([1, 2, 3, undefined, 11, 12]);
    expect(lines[3]!.text).toBe('…');
  });

  it('cuts a very long line to a window around the underline', () => {
    const text = `${'x'.repeat(500)}DROP TABLE t;${'y'.repeat(500)}`;
    const [line] = excerptLines(text, { line: 1, endLine: 1, column: 501, endColumn: 514 });
    expect(line!.text.length).toBeLessThanOrEqual(162);
    expect(line!.text.slice(line!.underlineStart, line!.underlineEnd)).toBe('DROP TABLE t;');
  });
});
