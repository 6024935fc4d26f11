import type { Finding, Risk } from '../review-types/index.js';
import { ALL_RULES } from '../rules/index.js';
import { readRuleDocs } from '../rules/support/rule-docs.js';

/**
 * What `/dbarch explain` is about and the facts it can use: the target (a rule, a place in the
 * change, or the whole review), the findings that match it and the documentation of their rules.
 * The review may be a full Review or what the GitHub App keeps in its summary comment.
 */
export type ExplainFinding = Pick<Finding, 'ruleId' | 'path' | 'line' | 'endLine' | 'severity' | 'message'> &
  Partial<Pick<Finding, 'risk' | 'help' | 'source'>>;

export interface ExplainReview {
  findings: readonly ExplainFinding[];
  risk?: Risk;
  rolloutPlan?: readonly string[];
}

export type ExplainTarget = string | { path: string; line: number } | undefined;

export type ResolvedTarget =
  | { kind: 'rule'; ruleId: string }
  | { kind: 'location'; path: string; line: number }
  | { kind: 'review' }
  | { kind: 'unknown'; text: string };

export function resolveTarget(target: ExplainTarget): ResolvedTarget {
  if (target === undefined || (typeof target === 'string' && target.trim() === '')) return { kind: 'review' };
  if (typeof target !== 'string') return { kind: 'location', ...target };
  const text = target.trim();
  if (isKnownRule(text)) return { kind: 'rule', ruleId: text };
  const location = /^(.+):(\d+)$/.exec(text);
  if (location) return { kind: 'location', path: location[1]!, line: Number(location[2]) };
  return { kind: 'unknown', text };
}

export function isKnownRule(ruleId: string): boolean {
  return ALL_RULES.some((rule) => rule.id === ruleId);
}

/** Findings the target is about: of the rule, covering the line, or all of them. */
export function matchingFindings(target: ResolvedTarget, review: ExplainReview | undefined): ExplainFinding[] {
  const findings = review?.findings ?? [];
  if (target.kind === 'rule') return findings.filter((finding) => finding.ruleId === target.ruleId);
  if (target.kind === 'location') {
    return findings.filter(
      (finding) => finding.path === target.path && finding.line <= target.line && target.line <= Math.max(finding.line, finding.endLine),
    );
  }
  return target.kind === 'review' ? [...findings] : [];
}

/** Rules to document: the target rule, then the rules of the matching findings, each once. */
export function rulesToDocument(target: ResolvedTarget, findings: readonly ExplainFinding[]): string[] {
  const ids = target.kind === 'rule' ? [target.ruleId] : [];
  for (const finding of findings) if (!ids.includes(finding.ruleId)) ids.push(finding.ruleId);
  return ids.filter(isKnownRule);
}

/** The rule's documentation page; its summary and help when the page is not installed. */
export function ruleMarkdown(ruleId: string): string {
  try {
    return readRuleDocs(ruleId).markdown.trim();
  } catch {
    const rule = ALL_RULES.find((candidate) => candidate.id === ruleId);
    return [`# ${ruleId}`, rule?.summary, rule?.help].filter(Boolean).join('\n\n');
  }
}

export function knownRuleIds(): string[] {
  return ALL_RULES.map((rule) => rule.id);
}
