import { describe, expect, it } from '@jest/globals';
import { renderJson, renderJsonChunks, reviewDocument } from '../../src/render/json.js';
import type { Review } from '../../src/review-types/index.js';
import { riskyReview, safeReview } from './fixtures/reviews.js';

describe('renderJson', () => {
  it('prints the dbarch.review/v1 document, pretty-printed', () => {
    const output = renderJson(riskyReview());
    expect(output.endsWith('}\n')).toBe(true);
    expect(output).toMatchSnapshot();
  });

  it('keeps the contract keys in contract order whatever order the objects were built in', () => {
    const review = riskyReview();
    const scrambled = JSON.parse(JSON.stringify(review, Object.keys(review).reverse())) as Review;
    const document = JSON.parse(renderJson({ ...scrambled, files: review.files, findings: review.findings, stats: review.stats }));
    expect(Object.keys(document)).toEqual(['schema', 'risk', 'files', 'findings', 'stats', 'rolloutPlan', 'label']);
    expect(Object.keys(document.files[0])).toEqual(['path', 'kind', 'risk', 'findings', 'tool', 'statements']);
    expect(Object.keys(document.findings[0])).toEqual([
      'ruleId',
      'source',
      'severity',
      'risk',
      'path',
      'line',
      'endLine',
      'column',
      'endColumn',
      'message',
      'help',
      'fix',
      'docsUrl',
    ]);
    expect(Object.keys(document.stats.bySeverity)).toEqual(['error', 'warning', 'notice']);
    expect(Object.keys(document.stats.skipped)).toEqual(['dry-run', 'llm']);
  });

  it('comes in pieces, statement by statement, that join to exactly the pretty-printed document', () => {
    const risky = riskyReview();
    const empty: Review = { ...safeReview(), files: [], findings: [] };
    for (const review of [risky, safeReview(), empty]) {
      expect([...renderJsonChunks(review)].join('')).toBe(`${JSON.stringify(reviewDocument(review), null, 2)}\n`);
    }
    const chunks = [...renderJsonChunks(risky)];
    const statementCount = risky.files.reduce((sum, file) => sum + file.statements.length, 0);
    expect(statementCount).toBeGreaterThan(1);
    // At least one piece per statement and per finding of the review's list.
    expect(chunks.length).toBeGreaterThan(statementCount + risky.findings.length);
    const statementText = JSON.stringify(risky.files.find((file) => file.statements.length > 0)!.statements[0]!.summary);
    expect(chunks.filter((chunk) => chunk.includes(statementText))).toHaveLength(1);
  });

  it('round-trips the review: nothing is lost or renamed', () => {
    const review = riskyReview();
    expect(JSON.parse(renderJson(review))).toEqual(JSON.parse(JSON.stringify(review)));
  });

  it('keeps fields added to the types later, after the known ones', () => {
    const review = safeReview();
    const extended = { ...review, files: [{ ...review.files[0]!, zeta: 1, alpha: 2 }] } as unknown as Review;
    const file = JSON.parse(renderJson(extended)).files[0];
    expect(Object.keys(file)).toEqual(['path', 'kind', 'risk', 'findings', 'tool', 'statements', 'alpha', 'zeta']);
  });

  it('says skipped files and why', () => {
    const file = JSON.parse(renderJson(riskyReview())).files[2];
    expect(file).toEqual({
      path: 'db/seed.bin',
      kind: 'sql-migration',
      risk: 'safe',
      skipped: 'binary file (contains NUL bytes)',
      findings: [],
      statements: [],
    });
  });
});
