import { readRuleDocs } from '../../rules/support/rule-docs.js';
import { ALL_RULES } from '../../rules/index.js';
import { ruleDocsUrl } from '../../rules/support/docs-url.js';
import { escapeMarkdownText, inlineCode } from '../../render/escape-markdown.js';
import type { SummaryState } from '../summary-state.js';

/**
 * `/dbarch explain`: deterministic answers from the rule documentation and the latest review's
 * findings (kept in the summary comment's state). The LLM issue will enrich them.
 */
const MAX_DOC_LENGTH = 6_000;

export function explain(target: string | undefined, state: SummaryState | undefined, thread?: { path: string; line: number }): string {
  if (target && ALL_RULES.some((rule) => rule.id === target)) return explainRule(target);
  const location = target ? parseLocation(target) : thread;
  if (location) return explainLocation(location, state);
  const known = ALL_RULES.map((rule) => inlineCode(rule.id)).join(', ');
  const what = target ? `I do not know ${inlineCode(target)}: ` : '';
  return `${what}name a rule (${known}) or a place in the change as \`path:line\`, e.g. \`/dbarch explain db/migrations/002_add_index.sql:3\`.`;
}

export function explainRule(ruleId: string): string {
  const docs = ruleMarkdown(ruleId);
  const body = docs.length > MAX_DOC_LENGTH ? `${docs.slice(0, docs.lastIndexOf('\n', MAX_DOC_LENGTH))}\n\n_…_` : docs;
  // Rule docs start with "# <id>": shown as a smaller heading inside a comment.
  return `${body.replace(/^# /, '### ')}\n\n[Full documentation](${ruleDocsUrl(ruleId)})`;
}

function parseLocation(text: string): { path: string; line: number } | undefined {
  const match = /^(.+):(\d+)$/.exec(text);
  return match ? { path: match[1]!, line: Number(match[2]) } : undefined;
}

function explainLocation(location: { path: string; line: number }, state: SummaryState | undefined): string {
  const where = inlineCode(`${location.path}:${location.line}`);
  if (!state) return `There is no dbarch review on this pull request yet, so I cannot explain ${where}.`;
  const here = state.findings.filter(
    ([, path, line, endLine]) => path === location.path && line <= location.line && location.line <= Math.max(line, endLine),
  );
  if (here.length === 0) return `The latest review (${inlineCode(state.headSha.slice(0, 7))}) has no finding at ${where}.`;
  const ruleIds = [...new Set(here.map(([ruleId]) => ruleId))];
  const sections = ruleIds.map((ruleId) => {
    const known = ALL_RULES.some((rule) => rule.id === ruleId);
    return known ? explainRule(ruleId) : `### ${escapeMarkdownText(ruleId)}\n\nThis finding does not come from a documented rule.`;
  });
  const list = here.map(([ruleId, , line, , severity]) => `- **${severity}** ${inlineCode(ruleId)} at line ${line}`).join('\n');
  return [`Findings at ${where} in the latest review:`, list, ...sections].join('\n\n');
}

/** The rule's documentation page; its summary and help when the page is not installed. */
function ruleMarkdown(ruleId: string): string {
  try {
    return readRuleDocs(ruleId).markdown.trim();
  } catch {
    const rule = ALL_RULES.find((candidate) => candidate.id === ruleId);
    return [`# ${ruleId}`, rule?.summary, rule?.help].filter(Boolean).join('\n\n');
  }
}
