import type { Finding, Severity } from '../review-types/index.js';
import { escapeMarkdownProse, inlineCode, safeLink } from '../render/escape-markdown.js';
import { commentRange, type DiffLines } from './diff-lines.js';
import { findingMarker, type FingerprintedFinding } from './finding-marker.js';

/**
 * The inline comments of one review: warnings and errors on lines the diff shows, not already
 * posted (by fingerprint), most severe first, at most `limit`; exact single-range fixes become
 * suggestions. Notices (hygiene advice) stay in the summary and the check's annotations.
 */
export interface InlineComment {
  path: string;
  line: number;
  start_line?: number;
  side: 'RIGHT';
  start_side?: 'RIGHT';
  body: string;
  fingerprint: string;
}

export interface InlinePlan {
  comments: InlineComment[];
  /** New findings on diff lines that did not fit under the limit. */
  overflow: number;
}

const URGENCY: Record<Severity, number> = { error: 0, warning: 1, notice: 2 };

export function planInlineComments(
  findings: readonly FingerprintedFinding[],
  context: { diffs: ReadonlyMap<string, DiffLines>; sources: ReadonlyMap<string, string>; posted: ReadonlySet<string>; limit: number },
): InlinePlan {
  const candidates: InlineComment[] = [];
  const ordered = [...findings].sort((a, b) => URGENCY[a.finding.severity] - URGENCY[b.finding.severity]);
  for (const { finding, fingerprint } of ordered) {
    if (finding.severity === 'notice' || context.posted.has(fingerprint)) continue;
    const diff = context.diffs.get(finding.path);
    const range = diff ? commentRange(diff, finding.line, finding.endLine) : undefined;
    if (!range) continue;
    const suggestion = suggestionFor(finding, range, context.sources.get(finding.path));
    candidates.push({
      path: finding.path,
      line: range.line,
      side: 'RIGHT',
      ...(range.startLine !== undefined ? { start_line: range.startLine, start_side: 'RIGHT' as const } : {}),
      body: commentBody(finding, fingerprint, suggestion),
      fingerprint,
    });
  }
  return { comments: candidates.slice(0, context.limit), overflow: Math.max(0, candidates.length - context.limit) };
}

export function commentBody(finding: Finding, fingerprint: string, suggestion?: string): string {
  const origin = finding.source === 'rule' ? '' : finding.source === 'llm' ? ' · LLM advice' : ' · dry run';
  const rule = safeLink(inlineCode(finding.ruleId), finding.docsUrl);
  const parts = [`**${finding.severity}** ${rule} · ${finding.risk}${origin}`, escapeMarkdownProse(finding.message)];
  if (finding.help) parts.push(escapeMarkdownProse(finding.help));
  if (finding.fix) parts.push(`**Fix:** ${escapeMarkdownProse(finding.fix.description)}`);
  if (suggestion !== undefined) parts.push(suggestion);
  parts.push(findingMarker(fingerprint));
  return parts.join('\n\n');
}

/**
 * A suggestion block replaces whole lines, so it is offered only when the comment covers exactly the
 * finding's lines and the fix is an exact replacement of the finding's range.
 */
export function suggestionFor(
  finding: Finding,
  range: { line: number; startLine?: number },
  source: string | undefined,
): string | undefined {
  const replacement = finding.fix?.replacement;
  if (replacement === undefined || source === undefined) return undefined;
  const firstLine = range.startLine ?? range.line;
  if (firstLine !== finding.line || range.line !== Math.max(finding.endLine, finding.line)) return undefined;
  const lines = source.split(/\r?\n/);
  const first = lines[finding.line - 1];
  const last = lines[range.line - 1];
  if (first === undefined || last === undefined) return undefined;
  const before = finding.column !== undefined ? first.slice(0, finding.column - 1) : '';
  const after = finding.endColumn !== undefined ? last.slice(finding.endColumn - 1) : '';
  const suggested = `${before}${replacement}${after}`;
  const longestRun = Math.max(2, ...(suggested.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  return `${fence}suggestion\n${suggested}\n${fence}`;
}
