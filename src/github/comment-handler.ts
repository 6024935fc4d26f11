import type { Context, Logger } from 'probot';
import { acknowledge } from './commands/acknowledge.js';
import { explain } from './commands/explain.js';
import { explainWithModel } from './commands/explain-with-model.js';
import { HELP_TEXT, parseCommand, type Command } from './commands/parse-command.js';
import { canWrite } from './permissions.js';
import { loadPullRequestContext } from './pull-request-context.js';
import { startReview, type ReviewServices } from './start-review.js';
import { readSummaryState } from './summary-state.js';
import { fetchTarget, type GitHub } from './target.js';

/**
 * Slash commands from conversation comments (issue_comment on a pull request) and from review
 * comments (replies go into the same thread). Bots, dbarch included, are never answered.
 */
export interface CommentEvent {
  github: GitHub;
  log: Logger;
  owner: string;
  repo: string;
  number: number;
  user: string;
  commentId: number;
  body: string;
  /** Set for review comments: the thread to reply in and the line it is on. */
  thread?: { replyTo: number; path: string; line: number };
}

export async function onIssueComment(services: ReviewServices, context: Context<'issue_comment.created'>): Promise<void> {
  const { payload } = context;
  if (!payload.issue.pull_request || isBot(payload.sender) || isBot(payload.comment.user)) return;
  await handleComment(services, {
    github: context.octokit,
    log: context.log,
    owner: payload.repository.owner.login,
    repo: payload.repository.name,
    number: payload.issue.number,
    user: payload.comment.user?.login ?? payload.sender.login,
    commentId: payload.comment.id,
    body: payload.comment.body,
  });
}

export async function onReviewComment(services: ReviewServices, context: Context<'pull_request_review_comment.created'>): Promise<void> {
  const { payload } = context;
  const comment = payload.comment;
  if (isBot(payload.sender) || isBot(comment.user)) return;
  await handleComment(services, {
    github: context.octokit,
    log: context.log,
    owner: payload.repository.owner.login,
    repo: payload.repository.name,
    number: payload.pull_request.number,
    user: comment.user?.login ?? payload.sender.login,
    commentId: comment.id,
    body: comment.body,
    thread: { replyTo: comment.in_reply_to_id ?? comment.id, path: comment.path, line: comment.line ?? comment.original_line ?? 0 },
  });
}

function isBot(user: { type?: string; login?: string } | null | undefined): boolean {
  return user?.type === 'Bot' || (user?.login?.endsWith('[bot]') ?? false);
}

async function handleComment(services: ReviewServices, event: CommentEvent): Promise<void> {
  const command = parseCommand(event.body);
  if (!command) return;
  if (command.name !== 'help' && !(await canWrite(event.github, event.owner, event.repo, event.user))) {
    await reply(
      event,
      `Sorry, only people with write access to this repository can run \`/dbarch ${command.name}\`. \`/dbarch help\` lists what dbarch can do.`,
    );
    return;
  }
  await runCommand(services, event, command);
}

async function runCommand(services: ReviewServices, event: CommentEvent, command: Command): Promise<void> {
  switch (command.name) {
    case 'help':
      return reply(event, HELP_TEXT);
    case 'unknown':
      return reply(event, `I do not know that command.\n\n${HELP_TEXT}`);
    case 'review': {
      const target = await fetchTarget(event.github, event.owner, event.repo, event.number);
      await react(event, 'rocket');
      await startReview(services, event.github, target, { force: true, log: event.log });
      return;
    }
    case 'explain': {
      const target = await fetchTarget(event.github, event.owner, event.repo, event.number);
      const context = await loadPullRequestContext(event.github, target);
      const thread = command.target ? undefined : event.thread;
      const state = readSummaryState(context.summary?.body);
      const model = services.explainModel?.(context.config);
      if (!model) return reply(event, explain(command.target, state, thread));
      // A model may take longer than GitHub waits for the webhook: it answers in the background.
      const asked = command.target ?? (thread ? { path: thread.path, line: thread.line } : undefined);
      services.scheduler.background(
        explainWithModel(model, asked, state).then((text) => reply(event, text)),
        event.log,
      );
      return;
    }
    case 'ack': {
      const answer = await acknowledge(event, command.reason);
      if (answer.accepted) return react(event, '+1');
      return reply(event, answer.message);
    }
  }
}

export async function reply(event: CommentEvent, text: string): Promise<void> {
  const body = text.includes('\n') ? `@${event.user}\n\n${text}` : `@${event.user} ${text}`;
  if (event.thread) {
    await event.github.rest.pulls.createReplyForReviewComment({
      owner: event.owner,
      repo: event.repo,
      pull_number: event.number,
      comment_id: event.thread.replyTo,
      body,
    });
    return;
  }
  await event.github.rest.issues.createComment({ owner: event.owner, repo: event.repo, issue_number: event.number, body });
}

async function react(event: CommentEvent, content: '+1' | 'rocket'): Promise<void> {
  const params = { owner: event.owner, repo: event.repo, comment_id: event.commentId, content };
  if (event.thread) await event.github.rest.reactions.createForPullRequestReviewComment(params);
  else await event.github.rest.reactions.createForIssueComment(params);
}
