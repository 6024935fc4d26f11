import { describe, expect, it } from '@jest/globals';
import { parsePeerCase } from '../../bench/peer-cases.js';
import { addOutcome, emptyTally, scoreCase, type RuleCategory } from '../../bench/peer-score.js';

/** Cases written here in the peers' format (../shared/peers/README.md "Case format"), not copied from it. */
const WITH_BASE = `-- source: example
-- peer-verdict: none
-- expect-risk: safe
-- expect-finding: prefer-text-over-varchar
-- pg-version: 14
-- base:
CREATE TABLE t (a varchar(10));
-- migration:
ALTER TABLE t ALTER COLUMN a TYPE varchar(20);
`;

const categories = new Map<string, RuleCategory>([
  ['alter-column-type', 'safety'],
  ['dry-run-failed', 'correctness'],
  ['table-without-primary-key', 'design'],
  ['prefer-text-over-varchar', 'design'],
]);
const finding = (ruleId: string, severity: 'error' | 'warning' | 'notice', message = '') => ({ ruleId, severity, risk: 'safe', message });

describe('peer cases', () => {
  it('reads the headers, the base and the migration of a case', () => {
    const peerCase = parsePeerCase('squawk', '001.sql', WITH_BASE);
    expect(peerCase).toMatchObject({
      name: 'squawk/001.sql',
      expectRisk: 'safe',
      expectFindings: ['prefer-text-over-varchar'],
      pgVersion: 14,
    });
    expect(peerCase.base).toBe('CREATE TABLE t (a varchar(10));\n');
    expect(peerCase.migration).toBe('ALTER TABLE t ALTER COLUMN a TYPE varchar(20);\n');
  });

  it('takes the whole file as the migration when it has no sections, and refuses a case without expect-risk', () => {
    const plain = parsePeerCase('atlas', '002.sql', '-- expect-risk: destructive\nDROP TABLE t;\n');
    expect(plain).toMatchObject({ expectRisk: 'destructive', base: undefined });
    expect(plain.migration).toContain('DROP TABLE t;');
    expect(() => parsePeerCase('atlas', '003.sql', 'DROP TABLE t;\n')).toThrow('atlas/003.sql: expect-risk missing');
  });
});

describe('scoring', () => {
  const safeCase = parsePeerCase('squawk', '001.sql', WITH_BASE);

  it('a safe case with a Safety warning is a false alarm; a Design warning only a strict one; a listed rule neither', () => {
    expect(scoreCase(safeCase, { risk: 'safe', findings: [finding('alter-column-type', 'warning')] }, categories)).toMatchObject({
      riskAgrees: true,
      falseAlarm: true,
    });
    expect(scoreCase(safeCase, { risk: 'safe', findings: [finding('table-without-primary-key', 'warning')] }, categories)).toMatchObject({
      falseAlarm: false,
      strictFalseAlarm: true,
    });
    const listed = scoreCase(safeCase, { risk: 'safe', findings: [finding('prefer-text-over-varchar', 'warning')] }, categories);
    expect(listed).toMatchObject({ falseAlarm: false, strictFalseAlarm: false, peerFinding: true });
  });

  it('a fails case agrees only with an error of a Correctness rule; a crash fails every figure', () => {
    const fails = parsePeerCase('squawk', '004.sql', '-- expect-risk: fails\nINSERT INTO t (a, a) VALUES (1, 2);\n');
    expect(
      scoreCase(fails, { risk: 'safe', findings: [finding('dry-run-failed', 'error', 'rejected (SQLSTATE 42701).')] }, categories),
    ).toMatchObject({ riskAgrees: true, failsCaught: true });
    expect(scoreCase(fails, { risk: 'downtime', findings: [finding('alter-column-type', 'error')] }, categories).riskAgrees).toBe(false);
    expect(scoreCase(safeCase, undefined, categories)).toMatchObject({ crashed: true, riskAgrees: false, falseAlarm: true });
  });

  it('counts a dry-run failure on an object the case does not create as no-base, and leaves it out of the other figures', () => {
    const missing = finding(
      'dry-run-failed',
      'error',
      'PostgreSQL rejects this statement on the base schema: relation "t" does not exist (SQLSTATE 42P01).',
    );
    const outcome = scoreCase(safeCase, { risk: 'safe', findings: [missing] }, categories);
    expect(outcome).toMatchObject({ noBaseDryRunFailed: true, falseAlarm: false });
    const created = parsePeerCase('x', '005.sql', '-- expect-risk: fails\nCREATE TABLE t (a int);\nINSERT INTO u SELECT * FROM t;\n');
    const own = finding('dry-run-failed', 'error', 'relation "t" does not exist (SQLSTATE 42P01).');
    expect(scoreCase(created, { risk: 'safe', findings: [own] }, categories)).toMatchObject({
      noBaseDryRunFailed: false,
      riskAgrees: true,
    });
  });

  it('adds outcomes up', () => {
    const tally = emptyTally();
    addOutcome(tally, scoreCase(safeCase, { risk: 'downtime', findings: [] }, categories));
    addOutcome(tally, scoreCase(safeCase, { risk: 'safe', findings: [] }, categories));
    expect(tally).toMatchObject({
      cases: 2,
      riskAgree: 1,
      safe: 2,
      falseAlarms: 1,
      strictFalseAlarms: 1,
      withPeerFinding: 2,
      peerFindings: 0,
    });
  });
});
