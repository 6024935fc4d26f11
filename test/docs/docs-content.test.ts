import { describe, expect, it } from '@jest/globals';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { parseConfig } from '../../src/config/load-config.js';
import { REPOSITORY_ROOT } from '../../scripts/generate-docs.js';
import { configKeys } from '../../scripts/docs/config-reference.js';
import { documentedRuleIds, loadRules } from '../../scripts/docs/load-rules.js';

/**
 * The hand-written docs stay true to the code: their config examples load, the JSON Schema accepts
 * exactly what the loader accepts, relative links lead to files, and rule ids they name exist.
 */
const HAND_WRITTEN = [
  'README.md',
  'docs/configuration.md',
  'docs/risk-levels.md',
  'docs/dialects-and-snapshots.md',
  'examples/shop/README.md',
];
const ruleIds = new Set(documentedRuleIds(join(REPOSITORY_ROOT, 'src/rules')));
const schema = JSON.parse(readFileSync(join(REPOSITORY_ROOT, 'schema/dbarch.schema.json'), 'utf8')) as object;
const ajv = new Ajv({ strict: false });
addFormats.default(ajv);
const validate = ajv.compile(schema);

function read(path: string): string {
  return readFileSync(join(REPOSITORY_ROOT, path), 'utf8');
}

function yamlBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/```yaml\n([\s\S]*?)```/g)].map((match) => match[1]!);
}

/** YAML blocks that are dbarch configs (the README also shows a GitHub workflow). */
function configBlocks(path: string): string[] {
  return yamlBlocks(read(path)).filter((block) => !/^\s*(name|on|jobs):/m.test(block));
}

describe('config examples', () => {
  const examples = HAND_WRITTEN.flatMap((path) =>
    configBlocks(path).map((block, index) => [`${path}, block ${index + 1}`, block] as const),
  );

  it('the docs show config examples', () => {
    expect(examples.length).toBeGreaterThanOrEqual(2);
  });

  it.each(examples)('%s loads and matches the JSON Schema', (_name, yaml) => {
    const config = parseConfig(yaml, 'example');
    for (const id of Object.keys(config.rules)) expect(ruleIds).toContain(id);
    expect(validate(parseYaml(yaml) ?? {})).toBe(true);
  });

  it('every example of the generated key table loads and matches the JSON Schema', async () => {
    const rules = await loadRules(REPOSITORY_ROOT);
    for (const key of configKeys(rules)) {
      const config = parseConfig(key.example, key.path);
      for (const id of Object.keys(config.rules)) expect(ruleIds).toContain(id);
      expect(validate(parseYaml(key.example) ?? {})).toBe(true);
    }
  });
});

describe('the JSON Schema agrees with the config loader', () => {
  it.each([
    ['an empty file', {}, true],
    ['a rule setting object', { rules: { 'create-index-non-concurrently': { severity: 'off' } } }, true],
    ['an unknown top-level key', { failon: 'never' }, false],
    ['an unknown nested key', { migrations: { tol: 'flyway' } }, false],
    ['a bad enum value', { failOn: 'sometimes' }, false],
    ['a version out of range', { pgVersion: 8 }, false],
    ['a bad rule setting', { rules: { 'create-index-non-concurrently': 'loud' } }, false],
    ['a misspelt rule id', { rules: { 'create-index-non-concurently': 'off' } }, false],
    ['a new security rule', { rules: { 'grant-to-public': 'warning', 'not-reviewed': { severity: 'warning' } } }, true],
  ])('%s', (_name, data, valid) => {
    expect(validate(data)).toBe(valid);
    let loaded = true;
    try {
      parseConfig(JSON.stringify(data), 'case');
    } catch {
      loaded = false;
    }
    expect(loaded).toBe(valid);
  });
});

describe('links in the hand-written docs', () => {
  const links = HAND_WRITTEN.flatMap((path) =>
    [...read(path).matchAll(/\]\(([^)\s]+)\)/g)]
      .map((match) => match[1]!)
      .filter((target) => !/^[a-z]+:/.test(target) && !target.startsWith('#'))
      .map((target) => [path, target] as const),
  );

  it.each(links)('%s → %s exists', (path, target) => {
    const file = target.split('#')[0]!;
    expect(existsSync(join(REPOSITORY_ROOT, dirname(path), file))).toBe(true);
  });
});
