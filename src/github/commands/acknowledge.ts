import { escapeMarkdownProse, inlineCode } from '../../render/escape-markdown.js';
import type { CommentEvent } from '../comment-handler.js';
import { upsertSummary } from '../publish-comments.js';
import { loadPullRequestContext } from '../pull-request-context.js';
import { currentAck, readSummaryState, replaceState, type Acknowledgement } from '../summary-state.js';
import { fetchTarget } from '../target.js';

/**
 * `/dbarch ack <reason>`: a maintainer accepts the risk of the reviewed head. The acceptance goes
 * into the summary's state (so it survives restarts) and its visible text; the check turns green.
 * It covers that head only: the next push is reviewed afresh and needs its own ack.
 */
export type AckAnswer = { accepted: true } | { accepted: false; message: string };

export async function acknowledge(event: CommentEvent, reason: string, now: () => Date = () => new Date()): Promise<AckAnswer> {
  if (!reason) return { accepted: false, message: 'Please say why the risk is acceptable: `/dbarch ack <reason>`.' };
  const target = await fetchTarget(event.github, event.owner, event.repo, event.number);
  const context = await loadPullRequestContext(event.github, target);
  const state = readSummaryState(context.summary?.body);
  if (!context.summary || !state) return { accepted: false, message: 'There is no dbarch review on this pull request to accept yet.' };
  const head = inlineCode(target.headSha.slice(0, 7));
  if (state.headSha !== target.headSha)
    return { accepted: false, message: `The latest push (${head}) has not been reviewed yet; accept its risk once the review is done.` };
  if (!state.failing) return { accepted: false, message: 'There is nothing to accept: the check passes.' };
  if (currentAck(state, target.headSha)?.reason === reason) return { accepted: true };
  const ack: Acknowledgement = { user: event.user, reason, headSha: target.headSha, risk: state.risk, at: now().toISOString() };
  const next = { ...state, acks: [...state.acks, ack] };
  await upsertSummary(event.github, target, context.summary, replaceState(context.summary.body, next));
  if (state.checkRunId !== undefined) {
    await event.github.rest.checks.update({
      owner: event.owner,
      repo: event.repo,
      check_run_id: state.checkRunId,
      conclusion: 'success',
      output: {
        title: `${state.risk} risk accepted by @${event.user}`,
        summary: `@${event.user} accepted the **${state.risk}** risk of ${head}: ${escapeMarkdownProse(reason)}\n\nThe summary comment on the pull request has the full review.`,
      },
    });
  }
  return { accepted: true };
}
