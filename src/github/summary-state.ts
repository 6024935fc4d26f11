import type { Risk } from '../review-types/index.js';
import { escapeMarkdownProse, inlineCode } from '../render/escape-markdown.js';
import { SUMMARY_MARKER } from '../render/markdown.js';

/**
 * The sticky summary comment keeps a small hidden state after its visible body: which head was
 * reviewed, its check run, where the findings are (for `/dbarch explain path:line`) and who
 * accepted the risk (`/dbarch ack`). The state is JSON in an HTML comment; `<` and `>` are written
 * as JSON escapes so no text from the pull request can close the comment.
 */

export interface Acknowledgement {
  user: string;
  reason: string;
  headSha: string;
  risk: Risk;
  at: string;
}

/** [ruleId, path, line, endLine, severity] of one finding. */
export type FindingLocation = [string, string, number, number, string];

export interface SummaryState {
  version: 1;
  headSha: string;
  checkRunId?: number;
  risk: Risk;
  failing: boolean;
  findings: FindingLocation[];
  acks: Acknowledgement[];
}

const STATE = /\n?<!-- dbarch:state (.*?) -->\n?/s;
const ACKS = /<!-- dbarch:acks -->[\s\S]*?<!-- \/dbarch:acks -->\n\n/;
const MAX_FINDINGS = 100;
const MAX_ACKS = 10;
export const MAX_STATE_LENGTH = 12_000;

export function isSummaryComment(body: string | null | undefined): boolean {
  return typeof body === 'string' && body.startsWith(SUMMARY_MARKER);
}

export function readSummaryState(body: string | null | undefined): SummaryState | undefined {
  const match = body ? STATE.exec(body) : null;
  if (!match) return undefined;
  try {
    const state = JSON.parse(match[1]!) as SummaryState;
    return state.version === 1 ? state : undefined;
  } catch {
    return undefined;
  }
}

export function encodeState(state: SummaryState): string {
  const bounded: SummaryState = { ...state, findings: state.findings.slice(0, MAX_FINDINGS), acks: state.acks.slice(-MAX_ACKS) };
  let json = JSON.stringify(bounded).replace(/</g, '\\u003c').replace(/>/g, '\\u003e');
  if (json.length > MAX_STATE_LENGTH)
    json = JSON.stringify({ ...bounded, findings: [] })
      .replace(/</g, '\\u003c')
      .replace(/>/g, '\\u003e');
  return `<!-- dbarch:state ${json} -->`;
}

/** Whether an acknowledgement covers the reviewed head (a new push needs a new ack). */
export function currentAck(state: SummaryState | undefined, headSha: string): Acknowledgement | undefined {
  return state?.acks.filter((ack) => ack.headSha === headSha).at(-1);
}

export function ackSection(state: SummaryState): string | undefined {
  const ack = currentAck(state, state.headSha);
  const earlier = state.acks.filter((entry) => entry.headSha !== state.headSha).at(-1);
  const lines: string[] = [];
  if (ack) {
    lines.push(
      `> [!IMPORTANT]\n> **Risk accepted:** @${ack.user} accepted the ${ack.risk} risk of ${inlineCode(ack.headSha.slice(0, 7))}: ${escapeMarkdownProse(ack.reason)}`,
    );
  } else if (earlier && state.failing) {
    lines.push(
      `> [!NOTE]\n> An earlier acceptance by @${earlier.user} (for ${inlineCode(earlier.headSha.slice(0, 7))}) does not cover the latest push: comment \`/dbarch ack <reason>\` again to accept it.`,
    );
  }
  return lines.length > 0 ? lines.join('\n') : undefined;
}

/** Room left for the rendered review once the state and acknowledgement block are in. */
export function markdownBudget(state: SummaryState, commentLimit: number): number {
  return commentLimit - 1_024 - encodeState(state).length - (ackSection(state)?.length ?? 0) - 64;
}

/** The full comment body: the rendered review, the acknowledgement block after its marker, the state. */
export function composeSummary(markdown: string, state: SummaryState): string {
  const acks = ackSection(state);
  const body = markdown.replace(/\n+$/, '');
  const withAcks = acks === undefined ? body : insertAfterMarker(body, `<!-- dbarch:acks -->\n${acks}\n<!-- /dbarch:acks -->`);
  return `${withAcks}\n\n${encodeState(state)}\n`;
}

/** The same body with a new state (and its acknowledgement block), the review text untouched. */
export function replaceState(body: string, state: SummaryState): string {
  const markdown = body.replace(STATE, '').replace(ACKS, '');
  return composeSummary(markdown, state);
}

function insertAfterMarker(body: string, block: string): string {
  if (!body.startsWith(SUMMARY_MARKER)) return `${SUMMARY_MARKER}\n${block}\n\n${body}`;
  const rest = body.slice(SUMMARY_MARKER.length).replace(/^\n+/, '');
  return `${SUMMARY_MARKER}\n${block}\n\n${rest}`;
}
