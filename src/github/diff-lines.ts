/**
 * Which lines of a pull request's head a review comment may point at. GitHub accepts inline
 * comments only on lines that appear in the file's diff: added lines and the context lines around
 * them, on the RIGHT (head) side. `patch` is the unified diff GitHub returns per file (hunks only,
 * no file headers); it is absent for binary files and for diffs GitHub considers too large.
 */

export interface DiffLines {
  /** Head line numbers that can carry a comment, mapped to the index of the hunk they are in. */
  hunkOf: ReadonlyMap<number, number>;
}

const HUNK_HEADER = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/;

export function parseDiffLines(patch: string | undefined): DiffLines {
  const hunkOf = new Map<number, number>();
  if (!patch) return { hunkOf };
  let hunk = -1;
  let headLine = 0;
  for (const text of patch.split('\n')) {
    const header = HUNK_HEADER.exec(text);
    if (header) {
      hunk += 1;
      headLine = Number(header[1]);
      continue;
    }
    if (hunk < 0) continue;
    const marker = text[0];
    if (marker === '+' || marker === ' ') {
      hunkOf.set(headLine, hunk);
      headLine += 1;
    } else if (marker === undefined && text === '') {
      // A trailing newline at the end of the patch text, or an empty context line some tools
      // write without its leading space: count it as context only inside a hunk's range.
      continue;
    }
    // '-' lines exist only in the base; '\' is "No newline at end of file".
  }
  return { hunkOf };
}

/**
 * Where an inline comment for lines `line`…`endLine` can go: the whole range when it lies in one
 * hunk, else only its first line, else nowhere (undefined).
 */
export function commentRange(diff: DiffLines, line: number, endLine: number): { line: number; startLine?: number } | undefined {
  const first = diff.hunkOf.get(line);
  if (first === undefined) return undefined;
  if (endLine <= line) return { line };
  for (let current = line + 1; current <= endLine; current += 1) {
    if (diff.hunkOf.get(current) !== first) return { line };
  }
  return { line: endLine, startLine: line };
}
