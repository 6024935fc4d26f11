import type { Tree } from 'web-tree-sitter';
import { NestingTooDeepError } from '../nesting-limit.js';

/**
 * CPython's own nesting limits (Parser/tokenizer.h: MAXLEVEL 200 brackets, MAXINDENT 100 levels):
 * a module beyond them does not import ("too many nested parentheses"). Checked before tree-sitter
 * parses it, because tree-sitter's WebAssembly parser overruns its memory on a thousand nested
 * blocks, and dbarch's walkers recurse over the tree.
 */
export const MAX_PYTHON_BRACKETS = 200;
export const MAX_PYTHON_INDENTS = 100;
/** The tree's depth after parsing: binary operators nest without brackets (`1 + 1 + … + 1`). */
export const MAX_PYTHON_TREE_DEPTH = 1000;

/** Throws NestingTooDeepError for a module CPython would refuse for its nesting. Strings and comments are skipped. */
export function checkPythonNesting(text: string): void {
  const indents: number[] = [0];
  let brackets = 0;
  let line = 1;
  let atLineStart = true;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index]!;
    if (atLineStart && brackets === 0) {
      const width = /^[ \t]*/.exec(text.slice(index, index + 4096))![0].length;
      const next = text[index + width];
      if (next !== '\n' && next !== '#' && next !== '\r' && next !== undefined) checkIndent(indents, width, line);
      atLineStart = false;
    }
    if (char === '\n') {
      line += 1;
      atLineStart = true;
    } else if (char === '#') {
      index = lineEnd(text, index) - 1;
    } else if (char === '"' || char === "'") {
      const end = stringEnd(text, index);
      line += countNewlines(text, index, end);
      index = end - 1;
    } else if (char === '(' || char === '[' || char === '{') {
      if (++brackets > MAX_PYTHON_BRACKETS)
        throw new NestingTooDeepError(`more than ${MAX_PYTHON_BRACKETS} nested brackets, which CPython refuses too`, line);
    } else if ((char === ')' || char === ']' || char === '}') && brackets > 0) {
      brackets -= 1;
    }
  }
}

/** Throws when the tree-sitter tree is deeper than MAX_PYTHON_TREE_DEPTH; walks with a cursor, not recursion. */
export function checkTreeDepth(tree: Tree): void {
  const cursor = tree.walk();
  try {
    let depth = 0;
    for (;;) {
      if (cursor.gotoFirstChild()) {
        if (++depth > MAX_PYTHON_TREE_DEPTH) {
          throw new NestingTooDeepError(
            `Python nested more than ${MAX_PYTHON_TREE_DEPTH} levels deep, beyond what dbarch walks`,
            cursor.startPosition.row + 1,
          );
        }
        continue;
      }
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) return;
        depth -= 1;
      }
    }
  } finally {
    cursor.delete();
  }
}

function checkIndent(indents: number[], width: number, line: number): void {
  while (width < indents[indents.length - 1]!) indents.pop();
  if (width > indents[indents.length - 1]!) indents.push(width);
  if (indents.length - 1 > MAX_PYTHON_INDENTS) {
    throw new NestingTooDeepError(`more than ${MAX_PYTHON_INDENTS} levels of indentation, which CPython refuses too`, line);
  }
}

function lineEnd(text: string, from: number): number {
  const end = text.indexOf('\n', from);
  return end < 0 ? text.length : end;
}

/** Index just past the string literal opening at `start` (single, triple, with backslash escapes). */
function stringEnd(text: string, start: number): number {
  const quote = text[start]!;
  const triple = text.startsWith(quote.repeat(3), start);
  const closing = triple ? quote.repeat(3) : quote;
  for (let index = start + closing.length; index < text.length; index += 1) {
    if (text[index] === '\\') index += 1;
    else if (text.startsWith(closing, index)) return index + closing.length;
    else if (!triple && text[index] === '\n') return index;
  }
  return text.length;
}

function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  for (let index = text.indexOf('\n', from); index >= 0 && index < to; index = text.indexOf('\n', index + 1)) count += 1;
  return count;
}
