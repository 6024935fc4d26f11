import type { FailOn } from '../config/schema.js';
import { FAIL_CLOSED_RULES } from '../review-types/index.js';
import { maxRisk, RISKS, type Finding, type Review, type Risk } from '../review-types/index.js';

/**
 * Whether a review fails the `--fail-on` / `failOn` policy: the CLI exits 1 and the GitHub check
 * run concludes `failure`. LLM findings are advice (DESIGN.md, "GitHub surface"): they never count.
 * So the risk judged here is the highest risk of the rule and dry-run findings (which is what
 * statement and file risks are made of), never `review.risk`, which an LLM finding may have raised.
 */
export function isFailing(review: Review, failOn: FailOn): boolean {
  if (failOn === 'never') return false;
  const counted = countedFindings(review);
  // Fail closed: a file that could not be reviewed may hold anything, so it fails every level.
  if (counted.some((finding) => FAIL_CLOSED_RULES.has(finding.ruleId) && finding.severity === 'error')) return true;
  const risk = maxRisk(counted.map((finding) => finding.risk));
  if (failOn === 'destructive') return risk === 'destructive';
  // A migration that PostgreSQL will refuse (severity error at risk safe: a syntax error,
  // CONCURRENTLY in a transaction…) breaks the deploy: it fails the check like downtime does.
  if (failOn === 'downtime') return atLeast(risk, 'downtime') || counted.some((finding) => finding.severity === 'error');
  return atLeast(risk, 'downtime') || counted.some((finding) => finding.severity !== 'notice');
}

function countedFindings(review: Review): Finding[] {
  return review.findings.filter((finding) => finding.source !== 'llm');
}

function atLeast(risk: Risk, threshold: Risk): boolean {
  return RISKS.indexOf(risk) >= RISKS.indexOf(threshold);
}
