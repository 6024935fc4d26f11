import { describe, expect, it } from '@jest/globals';
import { largePullRequest } from '../../bench/llm-fixtures.js';
import { defaultConfig } from '../../src/config/load-config.js';
import { review } from '../../src/engine/review.js';
import { buildReviewRequest, BudgetTooSmallError } from '../../src/llm/review-request.js';
import { tokens } from '../../src/llm/token-budget.js';

describe('the token budget of the architect request', () => {
  it('respects the hard cap on a 300-file pull request, riskiest files first, and says what it left out', async () => {
    const changeset = largePullRequest(300);
    const result = await review(changeset, defaultConfig());
    for (const maxInputTokens of [3_000, 6_000, 20_000]) {
      const request = buildReviewRequest({ review: result, files: changeset.files, baseTables: [], maxInputTokens });
      const counted = tokens(request.system) + tokens(request.user);
      expect(counted).toBeLessThanOrEqual(maxInputTokens);
      expect(request.inputTokens).toBeLessThanOrEqual(maxInputTokens);
      expect(request.notes.join('\n')).toMatch(/Not sent to the LLM \(token budget\): \d+ files/);
      const sent = [...request.user.matchAll(/^### (\S+) .*dbarch risk: (\w+)/gm)].map((match) => match[2]);
      expect(sent[0]).toBe('downtime');
      // Risk never goes up again down the list: safe files come only after every risky one.
      expect(sent.indexOf('safe') === -1 || sent.lastIndexOf('downtime') < sent.indexOf('safe')).toBe(true);
    }
  });

  it('refuses a budget smaller than its own instructions with a reason', async () => {
    const changeset = largePullRequest(1);
    const result = await review(changeset, defaultConfig());
    expect(() => buildReviewRequest({ review: result, files: changeset.files, baseTables: [], maxInputTokens: 1_000 })).toThrow(
      BudgetTooSmallError,
    );
  });

  it('redacts secrets before counting and sending, and notes it', async () => {
    const changeset = {
      files: [
        {
          path: 'db/migrations/001_role.sql',
          status: 'added' as const,
          content: "CREATE ROLE app LOGIN PASSWORD 'p4ssw0rd-prod';\n-- postgres://admin:hunter2@db.prod:5432/app\n",
        },
      ],
    };
    const result = await review(changeset, defaultConfig());
    const request = buildReviewRequest({ review: result, files: changeset.files, baseTables: [], maxInputTokens: 6_000 });
    expect(request.user).not.toMatch(/p4ssw0rd|hunter2/);
    expect(request.user).toContain("PASSWORD '[REDACTED]'");
    expect(request.user).toContain('postgres://admin:[REDACTED]@db.prod:5432/app');
    expect(request.notes).toEqual(['db/migrations/001_role.sql: 2 secrets (connection string, role password) redacted before sending.']);
  });
});
