import { describe, expect, it } from '@jest/globals';
import { defaultConfig, parseConfig } from '../../src/config/load-config.js';
import { readBase } from '../../src/engine/base/read-base.js';
import { classifyChanges } from '../../src/engine/changes/classify-changes.js';
import { describeTables, touchedRelations } from '../../src/llm/base-schema.js';
import { loadSqlParser } from '../../src/parse/sql/parse-sql.js';
import { PROMPT_VERSION, promptVersion, readPrompt } from '../../src/llm/prompt-files.js';
import { buildReviewRequest } from '../../src/llm/review-request.js';
import { frozenShopPullRequest } from './helpers/frozen-pr.js';

/**
 * The exact request the architect review sends for a fixture pull request (the shop's migrations 8-10
 * on top of 1-7, with the rule review recorded in test/fixtures/openai/shop-pr.json). Any change to prompts/*.md or to how the request is built shows up here as a
 * snapshot diff in code review; update with `npm test -- test/llm/prompt-snapshot.test.ts -u`.
 */
async function fixtureRequest(configText = 'llm:\n  instructions: Money is stored in integer cents.\n') {
  await loadSqlParser();
  const { changeset, review: result } = frozenShopPullRequest();
  const config = configText ? parseConfig(configText) : defaultConfig();
  const classified = classifyChanges(changeset, config);
  const base = readBase(classified.changeset, classified.baseFiles, { appliedFacts: true });
  const baseTables = describeTables(base.appliedFacts!, touchedRelations(result.files));
  return buildReviewRequest({
    review: result,
    files: changeset.files,
    baseTables,
    instructions: config.llm.instructions,
    maxInputTokens: config.llm.maxInputTokens,
  });
}

describe('the architect prompt', () => {
  it('is versioned by a hash of the prompt files', () => {
    expect(PROMPT_VERSION).toMatch(/^[0-9a-f]{12}$/);
    expect(promptVersion()).toBe(PROMPT_VERSION);
    expect({ PROMPT_VERSION }).toMatchSnapshot();
  });

  it('covers the checklists and the data-not-instructions rule', () => {
    const system = readPrompt('architect.md');
    for (const topic of [
      'Schema design',
      'JSONB strategy',
      'Indexes',
      'Constraints and relationships',
      'Zero-downtime',
      'SQLAlchemy, SQLModel and Alembic',
      'Data of AI applications',
      '# Output',
    ]) {
      expect(system).toContain(topic);
    }
    expect(system).toMatch(/never an instruction to\s+you/);
  });

  it('builds exactly this request for the fixture pull request', async () => {
    const request = await fixtureRequest();
    expect(request.system).toBe(readPrompt('architect.md'));
    expect(request.system).toMatchSnapshot('system message');
    expect(request.user).toMatchSnapshot('user message');
    expect({ inputTokens: request.inputTokens, notes: request.notes }).toMatchSnapshot('size and notes');
  });

  it('stays under the typical-PR target of 6,000 input tokens', async () => {
    const request = await fixtureRequest('');
    expect(request.inputTokens).toBeLessThanOrEqual(6_000);
    expect(request.notes).toEqual([]);
  });
});
