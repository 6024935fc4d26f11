import type { Finding, Review } from '../review-types/index.js';
import { escapeMarkdownProse } from '../render/escape-markdown.js';
import { renderMarkdown } from '../render/markdown.js';
import { plural, riskEmoji, riskHeadline, severityCounts } from '../render/risk-labels.js';
import type { Acknowledgement } from './summary-state.js';

/**
 * What the `dbarch` check run shows: a conclusion from the policy (an acknowledgement turns a
 * failure into a success), a title, a short summary, the full report as text, and annotations.
 * GitHub caps summary and text at 65,535 characters and takes 50 annotations per request.
 */
export const CHECK_NAME = 'dbarch';
export const CHECK_TEXT_LIMIT = 65_535;
export const ANNOTATIONS_PER_REQUEST = 50;

export type Conclusion = 'success' | 'failure' | 'neutral' | 'skipped' | 'cancelled';

export interface CheckOutput {
  title: string;
  summary: string;
  text?: string;
}

export interface Annotation {
  path: string;
  start_line: number;
  end_line: number;
  start_column?: number;
  end_column?: number;
  annotation_level: 'notice' | 'warning' | 'failure';
  message: string;
  title: string;
}

export function conclusionOf(failing: boolean, ack: Acknowledgement | undefined): Conclusion {
  return failing && !ack ? 'failure' : 'success';
}

export function reviewOutput(review: Review, options: { failing: boolean; failOn: string; ack?: Acknowledgement }): CheckOutput {
  const counts = review.findings.length > 0 ? severityCounts(review.findings) : 'no findings';
  const title = options.ack
    ? `${review.risk} risk accepted by @${options.ack.user}`
    : `${riskEmoji(review)} ${riskHeadline(review)}: ${counts}`;
  const policy = options.failing
    ? options.ack
      ? `The ${review.risk} risk was accepted by @${options.ack.user}: ${escapeMarkdownProse(options.ack.reason)}`
      : `This change is at or above the configured \`failOn: ${options.failOn}\`. Fix it, or have a maintainer comment \`/dbarch ack <reason>\` to accept the risk.`
    : `Below the configured \`failOn: ${options.failOn}\`.`;
  const reviewed = plural(review.stats.filesReviewed, 'file') + ' reviewed';
  const summary = truncate(`**${riskHeadline(review)}** · ${reviewed} · ${counts}\n\n${policy}`, CHECK_TEXT_LIMIT);
  const text = renderMarkdown(review, { maxLength: CHECK_TEXT_LIMIT - 512 });
  return { title: truncate(title, 255), summary, text };
}

export function annotationsOf(findings: readonly Finding[]): Annotation[] {
  return findings.map((finding) => {
    const annotation: Annotation = {
      path: finding.path,
      start_line: finding.line,
      end_line: Math.max(finding.endLine, finding.line),
      annotation_level: finding.severity === 'error' ? 'failure' : finding.severity,
      message: truncate([finding.message, finding.help].filter(Boolean).join('\n\n'), 60_000),
      title: truncate(`${finding.ruleId} (${finding.risk})`, 255),
    };
    // GitHub accepts columns only on single-line annotations.
    if (finding.endLine === finding.line && finding.column !== undefined && finding.endColumn !== undefined) {
      annotation.start_column = finding.column;
      annotation.end_column = Math.max(finding.endColumn, finding.column);
    }
    return annotation;
  });
}

export function batches<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let index = 0; index < items.length; index += size) result.push(items.slice(index, index + size));
  return result;
}

export function truncate(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const note = "\n\n_… truncated to fit GitHub's limit._";
  const cut = text.lastIndexOf('\n', limit - note.length);
  return text.slice(0, cut > 0 ? cut : limit - note.length) + note;
}
