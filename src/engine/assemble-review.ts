import { byLocation } from '../findings/finding-order.js';
import { maxRisk, type Changeset, type FileReview, type Finding, type Review, type Severity } from '../review-types/index.js';
import { buildRolloutPlan } from './rollout-plan.js';

/**
 * Step 8 of review(): the change's verdict (the highest risk of its files), every finding in
 * path/line order, the rollout plan and the stats.
 */
export function assembleReview(
  changeset: Changeset,
  files: FileReview[],
  totals: { suppressed: number; durationMs: number; skipped: Record<string, string> },
): Review {
  // Each file's findings in line/column order too (rules, syntax errors, suppressions and the dry run add theirs separately).
  for (const file of files) file.findings.sort(byLocation);
  const findings: Finding[] = files.flatMap((file) => file.findings).sort(byLocation);
  return {
    schema: 'dbarch.review/v1',
    risk: maxRisk(files.map((file) => file.risk)),
    files,
    findings,
    rolloutPlan: buildRolloutPlan(files),
    stats: {
      files: changeset.files.length,
      filesReviewed: files.filter((file) => !file.skipped).length,
      statements: files.reduce((sum, file) => sum + file.statements.length, 0),
      findings: findings.length,
      bySeverity: countBySeverity(findings),
      suppressed: totals.suppressed,
      durationMs: totals.durationMs,
      skipped: totals.skipped,
    },
    ...(changeset.label ? { label: changeset.label } : {}),
  };
}

export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts = { error: 0, warning: 0, notice: 0 };
  for (const finding of findings) counts[finding.severity] += 1;
  return counts;
}
