import type { Logger } from 'probot';
import { plural } from '../render/risk-labels.js';
import type { InlineComment, InlinePlan } from './inline-comments.js';
import type { ReviewThread } from './pull-request-context.js';
import { requestStatus } from './request-status.js';
import type { GitHub, PullRequestTarget } from './target.js';

/**
 * The conversation side of a review: one PR review with the inline comments, threads of findings
 * that disappeared resolved, and the sticky summary comment created once and edited in place.
 */

/** Posts one review; when GitHub rejects it (422: a line it will not take), the comments go one by one. */
export async function postInlineReview(
  github: GitHub,
  target: PullRequestTarget,
  plan: InlinePlan,
  log: Logger,
): Promise<{ posted: number; failed: number }> {
  if (plan.comments.length === 0) return { posted: 0, failed: 0 };
  const more =
    plan.overflow > 0
      ? ` ${plural(plan.overflow, 'more finding')} on changed lines ${plan.overflow === 1 ? 'is' : 'are'} in the summary comment.`
      : '';
  const body = `dbarch: ${plural(plan.comments.length, 'new finding')} on changed lines.${more}`;
  try {
    await github.rest.pulls.createReview({
      owner: target.owner,
      repo: target.repo,
      pull_number: target.number,
      commit_id: target.headSha,
      event: 'COMMENT',
      body,
      comments: plan.comments.map(toReviewComment),
    });
    return { posted: plan.comments.length, failed: 0 };
  } catch (error) {
    if (requestStatus(error) !== 422) throw error;
    log.warn({ err: error }, 'review with inline comments rejected; posting them one by one');
    return postOneByOne(github, target, plan.comments, log);
  }
}

async function postOneByOne(
  github: GitHub,
  target: PullRequestTarget,
  comments: readonly InlineComment[],
  log: Logger,
): Promise<{ posted: number; failed: number }> {
  let posted = 0;
  for (const comment of comments) {
    try {
      await github.rest.pulls.createReviewComment({
        owner: target.owner,
        repo: target.repo,
        pull_number: target.number,
        commit_id: target.headSha,
        ...toReviewComment(comment),
      });
      posted += 1;
    } catch (error) {
      if (requestStatus(error) !== 422) throw error;
      log.warn({ path: comment.path, line: comment.line }, 'inline comment rejected; the finding stays in the summary');
    }
  }
  return { posted, failed: comments.length - posted };
}

function toReviewComment(comment: InlineComment) {
  return {
    path: comment.path,
    line: comment.line,
    side: comment.side,
    ...(comment.start_line !== undefined ? { start_line: comment.start_line, start_side: comment.start_side } : {}),
    body: comment.body,
  };
}

/** Resolves dbarch's open threads whose finding is gone, in one GraphQL request. */
export async function resolveStaleThreads(github: GitHub, threads: readonly ReviewThread[], current: ReadonlySet<string>): Promise<number> {
  const stale = threads.filter((thread) => !thread.isResolved && !current.has(thread.fingerprint));
  if (stale.length === 0) return 0;
  const variables: Record<string, string> = {};
  const fields = stale.map((thread, index) => {
    variables[`t${index}`] = thread.id;
    return `r${index}: resolveReviewThread(input: { threadId: $t${index} }) { thread { id } }`;
  });
  const declarations = stale.map((_, index) => `$t${index}: ID!`).join(', ');
  await github.graphql(`mutation dbarchResolve(${declarations}) {\n  ${fields.join('\n  ')}\n}`, variables);
  return stale.length;
}

/** Creates the sticky summary, or edits it when its text changed. */
export async function upsertSummary(
  github: GitHub,
  target: PullRequestTarget,
  existing: { id: number; body: string } | undefined,
  body: string,
): Promise<number> {
  if (existing) {
    if (existing.body.trim() !== body.trim()) {
      await github.rest.issues.updateComment({ owner: target.owner, repo: target.repo, comment_id: existing.id, body });
    }
    return existing.id;
  }
  const { data } = await github.rest.issues.createComment({ owner: target.owner, repo: target.repo, issue_number: target.number, body });
  return data.id;
}
