import { escapeMarkdownProse, escapeMarkdownText, inlineCode } from '../render/escape-markdown.js';
import { ruleDocsUrl } from '../rules/support/docs-url.js';
import {
  knownRuleIds,
  matchingFindings,
  resolveTarget,
  ruleMarkdown,
  rulesToDocument,
  type ExplainFinding,
  type ExplainReview,
  type ExplainTarget,
  type ResolvedTarget,
} from './explain-context.js';
import { buildExplainRequest } from './explain-request.js';
import type { ReviewModel } from './review-model.js';
import { MAX_EXPLANATION_LENGTH, sanitiseMarkdown } from './sanitize-output.js';

/**
 * `/dbarch explain [rule-id | path:line]` (and the CLI's equivalent): markdown for a PR comment.
 * With a model, a plain-language explanation and a step-by-step safe rollout, grounded on the
 * findings and rule docs; without one (or when the model fails), the rule docs and the findings.
 * The GitHub App calls this from its comment handler with the review it kept.
 */
export interface ExplainInput {
  target: ExplainTarget;
  review?: ExplainReview;
  model?: ReviewModel;
  /** Head contents by path, so the model sees the statement a `path:line` points at. */
  sources?: ReadonlyMap<string, string>;
  maxOutputTokens?: number;
  signal?: AbortSignal;
}

const MAX_DOC_LENGTH = 6_000;
const MAX_LISTED_FINDINGS = 20;

export async function explain(input: ExplainInput): Promise<string> {
  const target = resolveTarget(input.target);
  if (target.kind === 'unknown') return unknownTarget(target.text);
  const findings = matchingFindings(target, input.review);
  const rules = rulesToDocument(target, findings);
  if (target.kind === 'location' && findings.length === 0)
    return `The latest review has no finding at ${inlineCode(`${target.path}:${target.line}`)}.`;
  if (!input.model) return documentationAnswer(target, findings, rules, input.review);
  try {
    const request = buildExplainRequest({ target, findings, rules, review: input.review, sources: input.sources });
    const answer = await input.model.explain({
      system: request.system,
      user: request.user,
      maxOutputTokens: input.maxOutputTokens ?? 1_000,
      signal: input.signal,
    });
    const footer = `<sub>Explained by ${escapeMarkdownText(input.model.model)}: advice only, the verdict comes from dbarch's rules and dry run.</sub>`;
    return `${sanitiseMarkdown(answer.text, MAX_EXPLANATION_LENGTH)}\n\n${footer}`;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const note = `> The LLM could not be asked (${escapeMarkdownProse(reason.slice(0, 200))}); here is the rule documentation instead.`;
    return `${note}\n\n${documentationAnswer(target, findings, rules, input.review)}`;
  }
}

function unknownTarget(text: string): string {
  const known = knownRuleIds()
    .map((id) => inlineCode(id))
    .join(', ');
  return `I do not know ${inlineCode(text)}: name a rule (${known}) or a place in the change as \`path:line\`, e.g. \`/dbarch explain db/migrations/002_add_index.sql:3\`.`;
}

/** The deterministic answer: what was found there, then each rule's documentation page. */
export function documentationAnswer(
  target: ResolvedTarget,
  findings: readonly ExplainFinding[],
  rules: readonly string[],
  review?: ExplainReview,
): string {
  const parts: string[] = [];
  if (target.kind === 'review') parts.push(reviewOverview(findings, review));
  else if (findings.length > 0) parts.push(`${headline(target)}\n\n${findingList(findings)}`);
  for (const ruleId of rules.slice(0, target.kind === 'review' ? 0 : 3)) parts.push(ruleSection(ruleId));
  return parts.join('\n\n');
}

function headline(target: ResolvedTarget): string {
  if (target.kind === 'location') return `Findings at ${inlineCode(`${target.path}:${target.line}`)} in the latest review:`;
  return 'Where the latest review found it:';
}

function reviewOverview(findings: readonly ExplainFinding[], review?: ExplainReview): string {
  const parts = [review?.risk ? `The latest review's verdict is **${review.risk}**.` : 'The latest review:'];
  parts.push(findings.length > 0 ? findingList(findings) : 'It has no findings.');
  if (review?.rolloutPlan && review.rolloutPlan.length > 0) {
    parts.push(['**Safe rollout:**', ...review.rolloutPlan.map((step, index) => `${index + 1}. ${escapeMarkdownProse(step)}`)].join('\n'));
  }
  parts.push('Ask about one rule or place with `/dbarch explain <rule-id>` or `/dbarch explain path:line`.');
  return parts.join('\n\n');
}

function findingList(findings: readonly ExplainFinding[]): string {
  const items = findings.slice(0, MAX_LISTED_FINDINGS).map((finding) => {
    const origin = finding.source === 'llm' ? ' (LLM advice)' : '';
    return `- **${finding.severity}** ${inlineCode(finding.ruleId)}${origin} at ${inlineCode(`${finding.path}:${finding.line}`)}: ${escapeMarkdownProse(finding.message)}`;
  });
  if (findings.length > MAX_LISTED_FINDINGS) items.push(`- … and ${findings.length - MAX_LISTED_FINDINGS} more`);
  return items.join('\n');
}

function ruleSection(ruleId: string): string {
  const docs = ruleMarkdown(ruleId);
  const body = docs.length > MAX_DOC_LENGTH ? `${docs.slice(0, docs.lastIndexOf('\n', MAX_DOC_LENGTH))}\n\n_…_` : docs;
  // Rule pages start with "# <id>": a smaller heading inside a comment.
  return `${body.replace(/^# /, '### ')}\n\n[Full documentation](${ruleDocsUrl(ruleId)})`;
}
