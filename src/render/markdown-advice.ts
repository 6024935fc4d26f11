import type { LlmStats, Review } from '../review-types/index.js';
import { escapeMarkdownProse } from './escape-markdown.js';

/**
 * The LLM architect's part of the summary comment: its summary, advice on lines outside the change
 * (which cannot be inline comments), what it was not shown, and what it cost. The text was
 * sanitised when it came back from the model; it is escaped again here like any untrusted text.
 */
const MAX_ELSEWHERE = 10;
const MAX_NOTES = 5;

export function adviceSection(review: Review): string | undefined {
  const { advice } = review;
  const usage = review.stats.llm;
  if (!advice && !usage) return undefined;
  const parts = ['### Architect review (LLM advice)'];
  if (advice?.summary) parts.push(escapeMarkdownProse(advice.summary));
  if (advice && advice.elsewhere.length > 0) {
    const items = advice.elsewhere.slice(0, MAX_ELSEWHERE).map((item) => `- ${escapeMarkdownProse(item)}`);
    if (advice.elsewhere.length > MAX_ELSEWHERE) items.push(`- … and ${advice.elsewhere.length - MAX_ELSEWHERE} more`);
    parts.push(['Outside the changed lines:', ...items].join('\n'));
  }
  if (advice && advice.notes.length > 0) {
    const notes = advice.notes.slice(0, MAX_NOTES).map((note) => `> ${escapeMarkdownProse(note)}`);
    if (advice.notes.length > MAX_NOTES) notes.push(`> … and ${advice.notes.length - MAX_NOTES} more notes`);
    parts.push(notes.join('\n>\n'));
  }
  parts.push(`<sub>Advice only: it never changes the verdict or the check.${usage ? ` ${usageText(usage)}` : ''}</sub>`);
  return parts.join('\n\n');
}

/** "gpt-4o-mini · 3,120 input + 410 output tokens · about $0.0007" (or "from the cache, 0 tokens"). */
export function usageText(usage: LlmStats): string {
  const model = escapeMarkdownProse(usage.model);
  if (usage.cached) return `${model} · answered from the cache, 0 tokens.`;
  const tokens = `${usage.inputTokens.toLocaleString('en-US')} input + ${usage.outputTokens.toLocaleString('en-US')} output tokens`;
  const cost = usage.costUsd === null ? 'cost unknown for this model' : `about $${usage.costUsd.toFixed(4)}`;
  return `${model} · ${tokens} · ${cost}.`;
}
