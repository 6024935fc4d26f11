import { describe, expect, it } from '@jest/globals';
import { CONFIG_LIMITS, ConfigError, parseConfig } from '../../src/config/load-config.js';
import { nearestName } from '../../src/config/nearest-name.js';
import { reviewConfigFile } from '../../src/engine/files/config-file.js';

/** A YAML alias bomb: 9 levels of 9 aliases each, 387 million nodes once expanded. */
function aliasBomb(levels = 9): string {
  const lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
  for (let level = 1; level <= levels; level += 1) {
    lines.push(`a${level}: &a${level} [${Array.from({ length: 9 }, () => `*a${level - 1}`).join(', ')}]`);
  }
  return `${lines.join('\n')}\n`;
}

function expectConfigError(text: string, message: RegExp): void {
  let thrown: unknown;
  try {
    parseConfig(text, '.github/dbarch.yml');
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(ConfigError);
  expect((thrown as Error).message).toMatch(message);
}

describe('a config that cannot be loaded safely is a ConfigError, never a crash', () => {
  it('refuses an alias bomb without expanding it', () => {
    const started = Date.now();
    expectConfigError(aliasBomb(), /invalid YAML: more than 50 aliases/);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('refuses a few aliases that expand beyond the limit under a real key', () => {
    // 5 aliases of a list with 5 aliases each: under the alias count, but yaml's expansion guard sees the growth.
    const text = 'x: &x [1, 2, 3]\ny: &y [*x, *x, *x, *x, *x]\npaths:\n  ignore: [*y, *y, *y, *y, *y]\n';
    expect(() => parseConfig(text)).toThrow(ConfigError);
  });

  it('refuses nesting deeper than the limit, flow or block style, without overflowing the stack', () => {
    // Flow style is refused before the yaml parser recurses into it (which used to end in "Maximum call stack size exceeded").
    expectConfigError(`rules: ${'['.repeat(3000)}${']'.repeat(3000)}\n`, /invalid YAML: nested deeper than 64 levels$/);
    expectConfigError(`rules: ${'{k: '.repeat(3000)}1${'}'.repeat(3000)}\n`, /invalid YAML: nested deeper than 64 levels$/);
    // Brackets in quoted scalars and comments are text.
    expect(() => parseConfig(`# ${'['.repeat(100)}\nfailOn: "${'{'.repeat(100)}"\n`)).toThrow(/"failOn": expected one of/);
    // Block style, one space per level: 600 levels stay under the size limit.
    const block = Array.from({ length: 600 }, (_, depth) => `${' '.repeat(depth)}k${depth}:`).join('\n');
    expectConfigError(block, /invalid YAML: nested deeper than/);
    const justTooDeep = `${Array.from({ length: CONFIG_LIMITS.depth + 2 }, (_, depth) => `${'  '.repeat(depth)}k:`).join('\n')} 1\n`;
    expectConfigError(justTooDeep, new RegExp(`nested deeper than ${CONFIG_LIMITS.depth} levels`));
  });

  it('refuses a file above the size limit', () => {
    expectConfigError(`# ${'x'.repeat(CONFIG_LIMITS.bytes)}\n`, /config too large \(\d+ bytes; the limit is 262144\)/);
  });

  it('becomes an invalid-config finding on a PR-side .github/dbarch.yml', () => {
    const review = reviewConfigFile('.github/dbarch.yml', aliasBomb());
    expect(review.findings).toEqual([
      expect.objectContaining({ ruleId: 'invalid-config', severity: 'error', line: 1, message: expect.stringContaining('aliases') }),
    ]);
  });
});

describe('rule ids in rules:', () => {
  it('rejects a misspelt rule id and suggests the rule meant', () => {
    expectConfigError(
      'rules:\n  create-index-non-concurently: off\n',
      /"rules.create-index-non-concurently": not a dbarch rule; did you mean "create-index-non-concurrently"\?/,
    );
  });

  it('names the rules list when nothing is close', () => {
    expectConfigError('rules:\n  make-it-fast: off\n', /"rules.make-it-fast": not a dbarch rule \(docs\/rules\/README.md lists them\)/);
  });

  it('reports an unknown id and a bad value of another rule together', () => {
    expectConfigError(
      'rules:\n  drop-tabel: off\n  truncate: loud\n',
      /did you mean "drop-table"\?; "rules.truncate": expected off, notice/,
    );
  });

  it('points the PR-side finding at the misspelt key', () => {
    const [finding] = reviewConfigFile('.github/dbarch.yml', 'failOn: downtime\nrules:\n  drop-tabel: off\n').findings;
    expect(finding).toMatchObject({ ruleId: 'invalid-config', line: 3 });
  });

  it('suggests only names close enough to be a typo', () => {
    expect(nearestName('truncat', ['truncate', 'drop-table'])).toBe('truncate');
    expect(nearestName('lock', ['truncate', 'drop-table'])).toBeUndefined();
  });
});
