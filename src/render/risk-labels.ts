import type { Finding, Risk, Severity } from '../engine/types.js';

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
