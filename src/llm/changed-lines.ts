import type { ChangedFile } from '../review-types/index.js';

/**
 * Which lines of a file's head version the change added or modified (1-based). The model is asked to
 * comment only on these, and advice pointing elsewhere goes to the summary instead of inline
 * (GitHub only accepts review comments on lines of the diff).
 */
export function changedLines(file: ChangedFile): Set<number> {
  if (file.content === undefined) return new Set();
  const head = splitLines(file.content);
  if (file.baseContent === undefined) return new Set(head.map((_, index) => index + 1));
  return diffAddedLines(splitLines(file.baseContent), head);
}

export function splitLines(text: string): string[] {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Above this many cells the exact diff is not worth it: the whole differing middle counts as changed. */
const MAX_DIFF_CELLS = 4_000_000;

/** Head lines not part of a longest common subsequence with the base (what `git diff` shows as +). */
export function diffAddedLines(base: readonly string[], head: readonly string[]): Set<number> {
  let start = 0;
  while (start < base.length && start < head.length && base[start] === head[start]) start += 1;
  let baseEnd = base.length;
  let headEnd = head.length;
  while (baseEnd > start && headEnd > start && base[baseEnd - 1] === head[headEnd - 1]) {
    baseEnd -= 1;
    headEnd -= 1;
  }
  const added = new Set<number>();
  const middleBase = base.slice(start, baseEnd);
  const middleHead = head.slice(start, headEnd);
  if (middleBase.length * middleHead.length > MAX_DIFF_CELLS) {
    for (let index = start; index < headEnd; index += 1) added.add(index + 1);
    return added;
  }
  for (const index of unmatchedHeadLines(middleBase, middleHead)) added.add(start + index + 1);
  return added;
}

/** Classic LCS table, walked back to find the head lines that have no partner in the base. */
function unmatchedHeadLines(base: readonly string[], head: readonly string[]): number[] {
  const width = head.length + 1;
  const table = new Uint32Array((base.length + 1) * width);
  for (let i = base.length - 1; i >= 0; i -= 1) {
    for (let j = head.length - 1; j >= 0; j -= 1) {
      table[i * width + j] =
        base[i] === head[j] ? table[(i + 1) * width + j + 1]! + 1 : Math.max(table[(i + 1) * width + j]!, table[i * width + j + 1]!);
    }
  }
  const unmatched: number[] = [];
  let i = 0;
  let j = 0;
  while (j < head.length) {
    if (i < base.length && base[i] === head[j]) {
      i += 1;
      j += 1;
    } else if (i < base.length && table[(i + 1) * width + j]! >= table[i * width + j + 1]!) {
      i += 1;
    } else {
      unmatched.push(j);
      j += 1;
    }
  }
  return unmatched;
}
