import { describe, expect, it } from '@jest/globals';
import type { Finding, Review, Risk } from '../../src/review-types/index.js';
import { riskEmoji, riskHeadline } from '../../src/render/risk-labels.js';

/** A headline never says "safe" (nor shows a check mark) while a file could not be reviewed. */
function reviewWith(risk: Risk, ruleIds: string[]): Review {
  const findings = ruleIds.map((ruleId, index): Finding => ({
    ruleId,
    source: 'rule',
    severity: 'error',
    risk: 'safe',
    path: `V${index}__x.sql`,
    line: 1,
    endLine: 1,
    message: 'm',
  }));
  return { risk, findings } as unknown as Review;
}

describe('riskHeadline', () => {
  it('is the risk when every file was reviewed', () => {
    expect(riskHeadline(reviewWith('safe', ['drop-constraint']))).toBe('safe');
    expect(riskEmoji(reviewWith('safe', []))).toBe('✅');
  });

  it('says unknown, not safe, when a file was not reviewed', () => {
    const review = reviewWith('safe', ['not-reviewed', 'internal-error']);
    expect(riskHeadline(review)).toBe('unknown (2 files not fully reviewed)');
    expect(riskEmoji(review)).toBe('❓');
  });

  it('says "or worse" when what was read is already risky', () => {
    expect(riskHeadline(reviewWith('downtime', ['not-reviewed']))).toBe('downtime or worse (1 file not fully reviewed)');
    expect(riskHeadline(reviewWith('destructive', ['internal-error']))).toBe('destructive (1 file not fully reviewed)');
  });
});
