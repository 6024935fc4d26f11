import { describe, expect, it } from '@jest/globals';
import { NestingTooDeepError } from '../../src/parse/nesting-limit.js';
import { checkPythonNesting } from '../../src/parse/python/python-nesting.js';

/** CPython's limits: 200 nested brackets, 100 indentation levels; beyond them a module does not import. */
function nestingError(text: string): NestingTooDeepError | undefined {
  try {
    checkPythonNesting(text);
    return undefined;
  } catch (error) {
    if (error instanceof NestingTooDeepError) return error;
    throw error;
  }
}

const indented = (levels: number) =>
  `${Array.from({ length: levels + 1 }, (_, depth) => `${'  '.repeat(depth)}if x:`).join('\n')}\n${'  '.repeat(levels + 1)}pass\n`;

describe('checkPythonNesting', () => {
  it('accepts 200 nested brackets and refuses 201, at the line of the deepest', () => {
    expect(nestingError(`x = ${'('.repeat(200)}1${')'.repeat(200)}\n`)).toBeUndefined();
    const error = nestingError(`a = 1\nx = ${'['.repeat(201)}1${']'.repeat(201)}\n`);
    expect(error).toMatchObject({ line: 2, what: 'more than 200 nested brackets, which CPython refuses too' });
  });

  it('does not count brackets in strings and comments', () => {
    const text = `s = "${'('.repeat(300)}"\nt = '''\n${'['.repeat(300)}\n'''\n# ${'{'.repeat(300)}\nu = 'it\\'s ('\n`;
    expect(nestingError(text)).toBeUndefined();
  });

  it('accepts 100 levels of indentation and refuses 101', () => {
    expect(nestingError(indented(99))).toBeUndefined();
    expect(nestingError(indented(100))).toMatchObject({ what: 'more than 100 levels of indentation, which CPython refuses too' });
  });

  it('ignores indentation inside brackets and of blank or comment lines', () => {
    const continued = `x = [\n${Array.from({ length: 150 }, (_, depth) => `${' '.repeat(depth + 1)}${depth},`).join('\n')}\n]\n`;
    expect(nestingError(continued)).toBeUndefined();
  });
});
