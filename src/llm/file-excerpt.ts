import { splitLines } from './changed-lines.js';

/**
 * A file as the model sees it: every line numbered as in the PR head, changed lines marked `+`, a
 * little unchanged context around them, and `…` where unchanged lines were left out. Added files
 * are shown whole (every line is changed).
 */
export const CONTEXT_LINES = 2;
/** Minified or generated lines say nothing more after this many characters. */
const MAX_LINE_LENGTH = 300;

export function excerptLines(content: string, changed: ReadonlySet<number>): string[] {
  const lines = splitLines(content);
  const width = String(lines.length).length;
  const shown = visibleLines(lines.length, changed);
  const result: string[] = [];
  let previous = 0;
  for (const number of shown) {
    if (number > previous + 1) result.push(`${' '.repeat(width)}  …`);
    result.push(formatLine(number, lines[number - 1]!, changed.has(number), width));
    previous = number;
  }
  if (previous < lines.length && shown.length > 0) result.push(`${' '.repeat(width)}  …`);
  return result;
}

function visibleLines(count: number, changed: ReadonlySet<number>): number[] {
  const visible = new Set<number>();
  for (const line of changed) {
    for (let near = line - CONTEXT_LINES; near <= line + CONTEXT_LINES; near += 1) {
      if (near >= 1 && near <= count) visible.add(near);
    }
  }
  return [...visible].sort((a, b) => a - b);
}

function formatLine(number: number, text: string, changed: boolean, width: number): string {
  const clipped = text.length > MAX_LINE_LENGTH ? `${text.slice(0, MAX_LINE_LENGTH)}…` : text;
  return `${String(number).padStart(width)} ${changed ? '+' : ' '}| ${clipped}`;
}
