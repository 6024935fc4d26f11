import { FAIL_CLOSED_RULES, type FileReview, type Finding, type Review, type Risk, type Severity } from '../review-types/index.js';

/** Words and symbols every renderer uses for risks and severities, so outputs read alike. */

export const RISK_EMOJI: Record<Risk, string> = { safe: '✅', downtime: '⚠️', destructive: '🛑' };

export const RISK_MEANING: Record<Risk, string> = {
  safe: 'no statement holds more than a brief lock on an existing table.',
  downtime: 'blocks reads or writes on existing tables for time that grows with the table, or breaks the running application.',
  destructive: 'can lose data irreversibly.',
};

/** Severities from the most to the least urgent: the order summaries list counts in. */
export const SEVERITIES_BY_URGENCY: readonly Severity[] = ['error', 'warning', 'notice'];

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

/** "2 errors, 1 warning" — only the severities that occur; "no findings" when none do. */
export function severityCounts(findings: readonly Finding[]): string {
  const parts: string[] = [];
  for (const severity of SEVERITIES_BY_URGENCY) {
    const count = findings.filter((finding) => finding.severity === severity).length;
    if (count > 0) parts.push(plural(count, severity));
  }
  return parts.length > 0 ? parts.join(', ') : 'no findings';
}

/**
 * The risk as a headline: "destructive", or "safe" only when everything was reviewed. A file that
 * could not be read may hold anything, so then the headline says so instead of "safe":
 * "unknown (1 file not reviewed)", or "downtime or worse (…)" when what was read is already risky.
 */
export function riskHeadline(review: Review): string {
  const unreviewed = unreviewedFiles(review);
  if (unreviewed.size === 0) return review.risk;
  const why = `${plural(unreviewed.size, 'file')} not fully reviewed`;
  if (review.risk === 'destructive') return `destructive (${why})`;
  return review.risk === 'safe' ? `unknown (${why})` : `${review.risk} or worse (${why})`;
}

/** The headline's symbol: a question mark, not a check mark, for "safe" with files not reviewed. */
export function riskEmoji(review: Review): string {
  return review.risk === 'safe' && unreviewedFiles(review).size > 0 ? '❓' : RISK_EMOJI[review.risk];
}

/** A file with a fail-closed finding (not-reviewed, internal-error): what it does is unknown. */
export function isUnreviewed(file: FileReview): boolean {
  return file.findings.some((finding) => FAIL_CLOSED_RULES.has(finding.ruleId));
}

/** A file's risk as renderers show it: "unknown" (❓) for a safe-looking file dbarch could not read. */
export function fileRiskLabel(file: FileReview): { emoji: string; label: string } {
  if (isUnreviewed(file) && file.risk === 'safe') return { emoji: '❓', label: 'unknown' };
  return { emoji: RISK_EMOJI[file.risk], label: file.risk };
}

/** "2 files reviewed (1 not fully, 3 skipped)": a file dbarch could not read is not counted as reviewed without saying so. */
export function filesReviewedCount(review: Review): string {
  const skipped = review.files.filter((file) => file.skipped !== undefined).length;
  const unreviewed = review.files.filter((file) => file.skipped === undefined && isUnreviewed(file)).length;
  const reviewed = review.files.length - skipped - unreviewed;
  const notes = [unreviewed > 0 ? `${unreviewed} not reviewed` : undefined, skipped > 0 ? `${skipped} skipped` : undefined].filter(Boolean);
  return `${plural(reviewed, 'file')} reviewed${notes.length > 0 ? ` (${notes.join(', ')})` : ''}`;
}

function unreviewedFiles(review: Review): Set<string> {
  return new Set(review.findings.filter((finding) => FAIL_CLOSED_RULES.has(finding.ruleId)).map((finding) => finding.path));
}
