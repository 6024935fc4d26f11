import { beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { ALL_RULES } from '../../src/rules/index.js';
import { readRuleDocs, ruleDocsPath, type RuleExample } from '../../src/rules/support/rule-docs.js';
import type { MigrationTool } from '../../src/review-types/index.js';
import { lintConfig } from '../helpers/lint-config.js';
import { lintFileBytes, unescapeBytes } from '../helpers/lint-file-bytes.js';
import { lintSql } from '../helpers/lint-sql.js';
import { lintWithDryRun } from '../helpers/lint-with-dry-run.js';
import { lintAlembic } from '../alembic/lint-alembic.js';
import { lintModel } from '../models/lint-model.js';
import { lintPrisma } from '../prisma/lint-prisma.js';
import { exampleSyntaxErrors, loadExampleParsers } from './example-syntax.js';

/**
 * Examples run with every rule on, as users run dbarch; only the documented rule's findings count.
 * The dry run's findings come from running the example on the embedded PostgreSQL.
 */
function lintExample(id: string, example: RuleExample) {
  if (id.startsWith('dry-run-')) return lintWithDryRun(example.sql, example);
  if (example.bytes === 'escaped') return lintFileBytes(unescapeBytes(example.sql));
  if (example.language === 'yaml') return lintConfig(example.sql);
  if (example.language === 'prisma') return lintPrisma(example.sql, example);
  if (example.language === 'python' && example.path) return lintModel(example.sql, example);
  if (example.language === 'python') return lintAlembic(example.sql, example);
  return lintSql(example.sql, { ...example, tool: example.tool as MigrationTool | undefined });
}

/** A dry-run example starts an embedded PostgreSQL (a few seconds on a busy machine). */
const EXAMPLE_TIMEOUT_MS = 60_000;

/**
 * Rules no input is known to trigger: a finding for a defect in dbarch itself. Their pages say why
 * they have no examples; test/engine/fail-closed.test.ts provokes them.
 */
const WITHOUT_EXAMPLES = new Set(['internal-error']);

/**
 * Rules whose subject is a file that does not parse: their Invalid examples must have a syntax
 * error (and their Valid examples, like every other example, must not).
 */
const ABOUT_SYNTAX_ERRORS = new Set(['syntax-error', 'alembic-syntax-error', 'model-syntax-error', 'prisma-syntax-error']);

beforeAll(loadExampleParsers);

/** The rule and the example are in the expected value, so a failure shows which one next to the parser's message. */
function expectParses(id: string, example: RuleExample): void {
  expect({ rule: id, example: example.sql, errors: exampleSyntaxErrors(example) }).toEqual({ rule: id, example: example.sql, errors: [] });
}

/** Every rule's documented Invalid examples must trigger it and its Valid examples must not. */
describe.each(ALL_RULES.map((rule) => [rule.id] as const))('%s', (id) => {
  it('has a docs page with Invalid and Valid examples', () => {
    expect(existsSync(ruleDocsPath(id))).toBe(true);
    const docs = readRuleDocs(id);
    expect(docs.markdown.startsWith(`# ${id}\n`)).toBe(true);
    if (WITHOUT_EXAMPLES.has(id)) return expect(docs.invalid).toEqual([]);
    expect(docs.invalid.length).toBeGreaterThan(0);
    expect(docs.valid.length).toBeGreaterThan(0);
  });

  if (WITHOUT_EXAMPLES.has(id)) return;
  const docs = existsSync(ruleDocsPath(id)) ? readRuleDocs(id) : { invalid: [], valid: [] };
  const aboutSyntaxErrors = ABOUT_SYNTAX_ERRORS.has(id);
  it.each(docs.invalid.map((example, index) => [index + 1, example] as const))(
    aboutSyntaxErrors ? 'Invalid example %i has the syntax error it documents' : 'Invalid example %i parses',
    (_index, example) => {
      if (aboutSyntaxErrors) return expect(exampleSyntaxErrors(example).length).toBeGreaterThan(0);
      expectParses(id, example);
    },
  );
  it.each(docs.valid.map((example, index) => [index + 1, example] as const))('Valid example %i parses', (_index, example) =>
    expectParses(id, example),
  );
  it.each(docs.invalid.map((example, index) => [index + 1, example] as const))(
    'Invalid example %i is reported',
    async (_index, example) => {
      const findings = (await lintExample(id, example)).filter((finding) => finding.ruleId === id);
      expect(findings.length).toBeGreaterThan(0);
      for (const finding of findings) {
        expect(finding.message.length).toBeGreaterThan(20);
        expect(finding.line).toBeGreaterThanOrEqual(1);
      }
    },
    EXAMPLE_TIMEOUT_MS,
  );
  it.each(docs.valid.map((example, index) => [index + 1, example] as const))(
    'Valid example %i is not reported',
    async (_index, example) => {
      const findings = (await lintExample(id, example)).filter((finding) => finding.ruleId === id);
      expect(findings).toEqual([]);
    },
    EXAMPLE_TIMEOUT_MS,
  );
});
