import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { ALL_RULES } from '../../src/rules/index.js';

/** docs/hazards-coverage.md names rules by id: each must exist, so the page cannot drift from the code. */
describe('docs/hazards-coverage.md', () => {
  const page = readFileSync('docs/hazards-coverage.md', 'utf8');
  // The second cell of every table row lists rule ids in backticks.
  const named = page
    .split('\n')
    .filter((line) => line.startsWith('|') && !line.startsWith('|--') && !line.startsWith('| ---'))
    .flatMap((line) => [...(line.split('|')[2] ?? '').matchAll(/`([a-z0-9-]+)`/g)].map((match) => match[1]!));

  it('names rules for the catalogue rows', () => {
    expect(named.length).toBeGreaterThan(40);
  });

  it('names only rules that exist', () => {
    const ids = new Set(ALL_RULES.map((rule) => rule.id));
    expect(named.filter((id) => !ids.has(id))).toEqual([]);
  });
});
