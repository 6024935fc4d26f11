import type { FileReview } from '../review-types/index.js';

/**
 * A safe rollout plan for the risky parts of a change: general precautions for the worst risk
 * present, then, migration by migration, the safe alternative for each risky finding (from the
 * finding's fix, else its rule's help). Empty when the change is safe.
 */
export function buildRolloutPlan(files: readonly FileReview[]): string[] {
  const risky = files.filter((file) => file.risk !== 'safe');
  if (risky.length === 0) return [];
  const steps: string[] = [];
  if (risky.some((file) => file.risk === 'destructive')) {
    steps.push(
      'Confirm the data about to be dropped or deleted is no longer needed, and back it up (for example `pg_dump --table=…`) before the migration runs.',
    );
    steps.push(
      'Deploy the application version that no longer reads or writes the dropped objects first; run the destructive migration in a later release.',
    );
  }
  if (risky.some((file) => file.risk === 'downtime')) {
    steps.push(
      "Start each risky migration with `SET lock_timeout = '5s';` so a blocked lock request fails fast instead of queueing all traffic, and retry it.",
    );
  }
  for (const file of risky) {
    const seen = new Set<string>();
    for (const finding of file.findings) {
      if (finding.risk === 'safe' || finding.source === 'llm' || seen.has(finding.ruleId)) continue;
      seen.add(finding.ruleId);
      steps.push(
        `\`${file.path}\` line ${finding.line} (${finding.ruleId}): ${finding.fix?.description ?? finding.help ?? finding.message}`,
      );
    }
  }
  return steps;
}
