/**
 * Plain-text building blocks of the terminal report: text from the change made harmless for a
 * terminal, and words wrapped to its width. No colours here (text.ts adds them after wrapping, so
 * escape sequences never count towards a line's width).
 */

/** The width a report is wrapped to when stdout is not a terminal (a pipe, a CI log, a file). */
export const DEFAULT_WIDTH = 100;
/** Narrower than this, wrapping would leave a word or two per line: wrap at this width anyway. */
const MIN_WIDTH = 40;

/**
 * C0 controls except tab and newline, DEL, C1 controls (U+0080–U+009F: U+009B is a one-character
 * CSI on many terminals), and the bidirectional overrides and isolates that reorder what is shown
 * (U+202A–U+202E, U+2066–U+2069: "Trojan Source").
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex -- as above
const UNSAFE_IN_LINE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text from the change (paths, SQL, messages, LLM output) with every control character written
 * visibly (`\x1b`, `\r`, `\u202e`): a migration or a model's answer cannot move the cursor, clear
 * the screen, set the window title or hide text on the reviewer's terminal. Newlines and tabs stay.
 */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, visible);
}

/** The same for text that must stay on one line (a path, a statement summary): newline and tab too. */
export function terminalSafeLine(text: string): string {
  return text.replace(UNSAFE_IN_LINE, visible);
}

function visible(character: string): string {
  if (character === '\n') return '\\n';
  if (character === '\r') return '\\r';
  if (character === '\t') return '\\t';
  const code = character.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

export function effectiveWidth(width: number | undefined): number {
  return Math.max(MIN_WIDTH, width ?? DEFAULT_WIDTH);
}

/**
 * Wraps `text` (already terminal-safe) to `width` columns: the first line starts with `first`, the
 * following ones with `rest` (the hanging indent). Words longer than a line (URLs, long SQL
 * identifiers) are kept whole on a line of their own rather than cut where a terminal could not
 * link them. Line breaks in the text are kept.
 */
export function wrap(text: string, width: number, first: string, rest = ' '.repeat(first.length)): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = lines.length === 0 ? first : rest;
    let empty = true;
    for (const word of paragraph.split(/ +/).filter((part) => part !== '')) {
      if (!empty && line.length + 1 + word.length > width) {
        lines.push(line);
        line = rest + word;
      } else {
        line += empty ? word : ` ${word}`;
      }
      empty = false;
    }
    lines.push(line.trimEnd());
  }
  return lines;
}

/** Cuts a single line to `width` columns with an ellipsis. */
export function fitLine(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
}
