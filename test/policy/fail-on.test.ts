import { describe, expect, it } from '@jest/globals';
import type { FailOn } from '../../src/config/schema.js';
import type { Finding, Review, Risk, Severity } from '../../src/review-types/index.js';
import { isFailing } from '../../src/policy/fail-on.js';

function finding(severity: Severity, risk: Risk, source: Finding['source'] = 'rule'): Finding {
  return { ruleId: 'some-rule', source, severity, risk, path: 'a.sql', line: 1, endLine: 1, message: 'm' };
}

function review(findings: Finding[], statementRisks: Risk[] = []): Review {
  const statements = statementRisks.map((risk, index) => ({
    line: index + 1,
    endLine: index + 1,
    kind: 'AlterTableStmt',
    summary: 's',
    risk,
    locks: [],
    inTransaction: false,
  }));
  return {
    schema: 'dbarch.review/v1',
    risk: 'safe',
    files: [{ path: 'a.sql', kind: 'sql-migration', risk: 'safe', findings, statements }],
    findings,
    rolloutPlan: [],
    stats: {
      files: 1,
      filesReviewed: 1,
      statements: statements.length,
      findings: findings.length,
      bySeverity: { error: 0, warning: 0, notice: 0 },
      suppressed: 0,
      durationMs: 0,
      skipped: {},
    },
  };
}

const LEVELS: FailOn[] = ['destructive', 'downtime', 'warning', 'never'];

function verdicts(subject: Review): Record<FailOn, boolean> {
  return Object.fromEntries(LEVELS.map((level) => [level, isFailing(subject, level)])) as Record<FailOn, boolean>;
}

describe('isFailing', () => {
  it('passes a clean review at every level', () => {
    expect(verdicts(review([]))).toEqual({ destructive: false, downtime: false, warning: false, never: false });
  });

  it('fails a destructive change at every level but never', () => {
    expect(verdicts(review([finding('error', 'destructive')]))).toEqual({
      destructive: true,
      downtime: true,
      warning: true,
      never: false,
    });
  });

  it('fails a downtime change from downtime down', () => {
    expect(verdicts(review([finding('error', 'downtime')]))).toEqual({
      destructive: false,
      downtime: true,
      warning: true,
      never: false,
    });
  });

  it('fails warnings about safe statements only at the warning level; notices never', () => {
    expect(verdicts(review([finding('warning', 'safe')]))).toEqual({
      destructive: false,
      downtime: false,
      warning: true,
      never: false,
    });
    expect(verdicts(review([finding('notice', 'safe')])).warning).toBe(false);
  });

  it('fails a migration PostgreSQL will refuse (an error at risk safe) from downtime down', () => {
    expect(verdicts(review([finding('error', 'safe')]))).toEqual({
      destructive: false,
      downtime: true,
      warning: true,
      never: false,
    });
  });

  it('counts dry-run findings like rule findings', () => {
    expect(isFailing(review([finding('warning', 'downtime', 'dry-run')]), 'downtime')).toBe(true);
  });

  it('never counts LLM findings, whatever their severity or risk', () => {
    expect(verdicts(review([finding('error', 'destructive', 'llm')]))).toEqual({
      destructive: false,
      downtime: false,
      warning: false,
      never: false,
    });
  });

  it('judges the risk of the counted findings, not the review risk an LLM finding may have raised', () => {
    const llmRaised = { ...review([finding('notice', 'destructive', 'llm')], ['destructive']), risk: 'destructive' as const };
    expect(isFailing(llmRaised, 'destructive')).toBe(false);
  });

  it('fails on a notice whose risk the config raised to downtime', () => {
    expect(isFailing(review([finding('notice', 'downtime')]), 'downtime')).toBe(true);
  });
});
