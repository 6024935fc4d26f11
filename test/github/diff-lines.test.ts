import { describe, expect, test } from '@jest/globals';
import { commentRange, parseDiffLines } from '../../src/github/diff-lines.js';
import { suggestionFor } from '../../src/github/inline-comments.js';
import type { Finding } from '../../src/review-types/index.js';

const PATCH = [
  '@@ -1,3 +1,4 @@',
  ' BEGIN;',
  '-DROP TABLE a;',
  '+CREATE INDEX i ON t (c);',
  '+SELECT 1;',
  ' COMMIT;',
  '\\ No newline at end of file',
  '@@ -20,2 +21,2 @@',
  ' x',
  '+y',
].join('\n');

describe('parseDiffLines', () => {
  test('added and context lines of each hunk are commentable, removed ones are not', () => {
    const diff = parseDiffLines(PATCH);
    expect([...diff.hunkOf.entries()]).toEqual([
      [1, 0],
      [2, 0],
      [3, 0],
      [4, 0],
      [21, 1],
      [22, 1],
    ]);
  });

  test('no patch (binary or too large a diff): nothing is commentable', () => {
    expect(parseDiffLines(undefined).hunkOf.size).toBe(0);
  });

  test('a range inside one hunk is a multi-line comment; across hunks only its first line; outside none', () => {
    const diff = parseDiffLines(PATCH);
    expect(commentRange(diff, 2, 3)).toEqual({ line: 3, startLine: 2 });
    expect(commentRange(diff, 4, 21)).toEqual({ line: 4 });
    expect(commentRange(diff, 10, 10)).toBeUndefined();
  });
});

describe('suggestionFor', () => {
  const finding: Finding = {
    ruleId: 'r',
    source: 'rule',
    severity: 'error',
    risk: 'downtime',
    path: 'a.sql',
    line: 2,
    endLine: 2,
    column: 3,
    endColumn: 8,
    message: 'm',
    fix: { description: 'd', replacement: 'XYZ' },
  };

  test('replaces the exact range inside the line, keeping what is around it', () => {
    expect(suggestionFor(finding, { line: 2 }, 'one\n  abcde;\n')).toBe('```suggestion\n  XYZ;\n```');
  });

  test('no suggestion when the comment does not cover exactly the finding lines or the fix is not exact', () => {
    expect(suggestionFor(finding, { line: 3, startLine: 2 }, 'one\n  abcde;\nx\n')).toBeUndefined();
    expect(suggestionFor({ ...finding, fix: { description: 'd' } }, { line: 2 }, 'one\n  abcde;\n')).toBeUndefined();
  });
});
