import type { PeerCase } from './peer-cases.js';

/**
 * Scores dbarch's review of one peer case exactly as ../shared/peers/README.md "Metrics" says, and
 * adds the outcomes up per peer.
 */

export type RuleCategory = 'safety' | 'design' | 'hygiene' | 'correctness';

export interface ReviewedFinding {
  ruleId: string;
  severity: 'error' | 'warning' | 'notice';
  risk: string;
  message: string;
  /** 1-based line in the case's migration. */
  line?: number;
}

/** The case file's part of `review FILE --format json`; undefined when the review crashed. */
export interface CaseReview {
  risk: string;
  findings: ReviewedFinding[];
}

export interface CaseOutcome {
  crashed: boolean;
  riskAgrees: boolean;
  /** Expected downtime/destructive and rated downtime or destructive. */
  hazardCaught?: boolean;
  falseAlarm?: boolean;
  strictFalseAlarm?: boolean;
  peerFinding?: boolean;
  failsCaught?: boolean;
  /** Dry-run pass: the dry run failed on an object the case does not create (an empty base). */
  noBaseDryRunFailed: boolean;
  /** What dbarch said, for the disagreement list. */
  summary: string;
  /** Line and message of each such dry-run failure, for the disagreement list. */
  noBaseFailures?: string[];
}

/** SQLSTATEs of "… does not exist": undefined table, column, object, function, schema. */
const UNDEFINED_OBJECT = /SQLSTATE (42P01|42703|42704|42883|3F000)\b/;
const HAZARDS = new Set(['downtime', 'destructive']);

export function scoreCase(peerCase: PeerCase, review: CaseReview | undefined, categories: ReadonlyMap<string, RuleCategory>): CaseOutcome {
  if (!review) return crashedOutcome(peerCase);
  const noBase = review.findings.filter((finding) => isNoBaseFailure(finding, peerCase.migration));
  const findings = review.findings.filter((finding) => !noBase.includes(finding));
  const category = (finding: ReviewedFinding) => categories.get(finding.ruleId);
  const loud = findings.filter((finding) => finding.severity !== 'notice' && !peerCase.expectFindings.includes(finding.ruleId));
  const correctnessError = findings.some((finding) => finding.severity === 'error' && category(finding) === 'correctness');
  const expected = peerCase.expectRisk;
  const outcome: CaseOutcome = {
    crashed: false,
    riskAgrees: expected === 'fails' ? correctnessError : review.risk === expected,
    noBaseDryRunFailed: noBase.length > 0,
    ...(noBase.length > 0 ? { noBaseFailures: noBase.map((finding) => `line ${finding.line ?? '?'}: ${finding.message}`) } : {}),
    summary: `${review.risk}: ${findings.map((finding) => `${finding.ruleId}(${finding.severity[0]})`).join(' ') || 'no findings'}`,
  };
  if (HAZARDS.has(expected)) outcome.hazardCaught = HAZARDS.has(review.risk);
  if (expected === 'fails') outcome.failsCaught = correctnessError;
  if (expected === 'safe') {
    const actionable = loud.some((finding) => category(finding) === 'safety' || category(finding) === 'correctness');
    outcome.falseAlarm = review.risk !== 'safe' || actionable;
    outcome.strictFalseAlarm = outcome.falseAlarm || loud.length > 0;
  }
  if (peerCase.expectFindings.length > 0) {
    outcome.peerFinding = findings.some((finding) => peerCase.expectFindings.includes(finding.ruleId));
  }
  return outcome;
}

/** A crash fails every figure the case counts in (and is a false alarm on a safe case: nothing was reviewed). */
function crashedOutcome(peerCase: PeerCase): CaseOutcome {
  const outcome: CaseOutcome = { crashed: true, riskAgrees: false, noBaseDryRunFailed: false, summary: 'crashed' };
  if (HAZARDS.has(peerCase.expectRisk)) outcome.hazardCaught = false;
  if (peerCase.expectRisk === 'fails') outcome.failsCaught = false;
  if (peerCase.expectRisk === 'safe') Object.assign(outcome, { falseAlarm: true, strictFalseAlarm: true });
  if (peerCase.expectFindings.length > 0) outcome.peerFinding = false;
  return outcome;
}

/** A dry-run failure on an object that no CREATE or ADD of the case makes: the base was empty, not the SQL wrong. */
function isNoBaseFailure(finding: ReviewedFinding, migration: string): boolean {
  if (finding.ruleId !== 'dry-run-failed' || !UNDEFINED_OBJECT.test(finding.message)) return false;
  const names = [...finding.message.matchAll(/"([^"]+)"/g)].map((match) => match[1]!.toLowerCase());
  // Only what the case made before the failing statement can be missing through its own fault.
  const before =
    finding.line === undefined
      ? migration
      : migration
          .split('\n')
          .slice(0, finding.line - 1)
          .join('\n');
  const text = before.toLowerCase();
  return !names.some((name) => createdIn(text, name.split('.').pop()!));
}

/** `CREATE <kind> [IF NOT EXISTS] [schema.]name`, `ADD [COLUMN] name` or `RENAME TO name` in the case's own SQL. */
function createdIn(text: string, name: string): boolean {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const named = `(?:[\\w"]+\\.)?"?${escaped}"?(?![\\w".])`;
  const kinds =
    '(?:or\\s+replace\\s+)?(?:(?:temp|temporary|unlogged|materialized|recursive|unique)\\s+)*(?:table|view|type|schema|function|procedure|sequence|domain|index|extension)(?:\\s+concurrently)?';
  const patterns = [
    `\\bcreate\\s+${kinds}\\s+(?:if\\s+not\\s+exists\\s+)?${named}`,
    `\\badd\\s+(?:column\\s+)?(?:if\\s+not\\s+exists\\s+)?${named}`,
    `\\brename\\s+(?:column\\s+)?(?:[\\w"]+\\s+)?to\\s+${named}`,
  ];
  return patterns.some((pattern) => new RegExp(pattern, 'i').test(text));
}

export interface Tally {
  cases: number;
  crashes: number;
  riskAgree: number;
  hazards: number;
  hazardsCaught: number;
  safe: number;
  falseAlarms: number;
  strictFalseAlarms: number;
  withPeerFinding: number;
  peerFindings: number;
  fails: number;
  failsCaught: number;
  noBaseDryRunFailed: number;
}

export function emptyTally(): Tally {
  return {
    cases: 0,
    crashes: 0,
    riskAgree: 0,
    hazards: 0,
    hazardsCaught: 0,
    safe: 0,
    falseAlarms: 0,
    strictFalseAlarms: 0,
    withPeerFinding: 0,
    peerFindings: 0,
    fails: 0,
    failsCaught: 0,
    noBaseDryRunFailed: 0,
  };
}

export function addOutcome(tally: Tally, outcome: CaseOutcome): void {
  const count = (value: boolean | undefined) => (value ? 1 : 0);
  tally.cases += 1;
  tally.crashes += count(outcome.crashed);
  tally.riskAgree += count(outcome.riskAgrees);
  tally.hazards += count(outcome.hazardCaught !== undefined);
  tally.hazardsCaught += count(outcome.hazardCaught);
  tally.safe += count(outcome.falseAlarm !== undefined);
  tally.falseAlarms += count(outcome.falseAlarm);
  tally.strictFalseAlarms += count(outcome.strictFalseAlarm);
  tally.withPeerFinding += count(outcome.peerFinding !== undefined);
  tally.peerFindings += count(outcome.peerFinding);
  tally.fails += count(outcome.failsCaught !== undefined);
  tally.failsCaught += count(outcome.failsCaught);
  tally.noBaseDryRunFailed += count(outcome.noBaseDryRunFailed);
}
