import { describe, expect, it } from '@jest/globals';
import { changedLines, diffAddedLines } from '../../src/llm/changed-lines.js';
import { excerptLines } from '../../src/llm/file-excerpt.js';

describe('changedLines', () => {
  it('treats every line of an added file as changed', () => {
    expect([...changedLines({ path: 'a.sql', status: 'added', content: 'a\nb\nc\n' })]).toEqual([1, 2, 3]);
  });

  it('finds the head lines a modification added, like git diff', () => {
    const base = ['create table a;', 'create table b;', 'create table c;'];
    const head = ['create table a;', 'create table b2;', 'create table c;', 'create index i on c (x);'];
    expect([...diffAddedLines(base, head)].sort()).toEqual([2, 4]);
  });

  it('has nothing to review in a removed file', () => {
    expect(changedLines({ path: 'a.sql', status: 'removed', baseContent: 'x' }).size).toBe(0);
  });
});

describe('excerptLines', () => {
  it('numbers lines as in the head, marks changed ones and folds long unchanged stretches', () => {
    const content = Array.from({ length: 12 }, (_, index) => `line ${index + 1}`).join('\n');
    expect(excerptLines(content, new Set([6]))).toEqual([
      '    …',
      ' 4  | line 4',
      ' 5  | line 5',
      ' 6 +| line 6',
      ' 7  | line 7',
      ' 8  | line 8',
      '    …',
    ]);
  });
});
