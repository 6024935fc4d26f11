import type { RuleFinding } from '../review-types/index.js';
import type { Rule } from '../rules/api/define-rule.js';

/**
 * Drops a finding when a rule it defers to (Rule.defersTo) reported the same statement: two rules
 * can see one hazard from different sides (a backfill after an ACCESS EXCLUSIVE lock is both
 * "backfill in a migration" and "work while holding the lock"), and a reviewer should read it once.
 */
export function deferOverlaps(findings: readonly RuleFinding[], rules: readonly Rule[]): RuleFinding[] {
  const defers = new Map(rules.filter((rule) => rule.defersTo?.length).map((rule) => [rule.id, new Set(rule.defersTo)]));
  if (defers.size === 0) return [...findings];
  const byStatement = new Map<number, Set<string>>();
  for (const finding of findings) {
    if (finding.statementIndex === undefined) continue;
    const ids = byStatement.get(finding.statementIndex) ?? new Set<string>();
    ids.add(finding.ruleId);
    byStatement.set(finding.statementIndex, ids);
  }
  return findings.filter((finding) => {
    const preferred = defers.get(finding.ruleId);
    if (!preferred || finding.statementIndex === undefined) return true;
    const reported = byStatement.get(finding.statementIndex)!;
    return ![...preferred].some((ruleId) => reported.has(ruleId));
  });
}
