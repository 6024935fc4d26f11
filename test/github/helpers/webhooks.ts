import { createRequire } from 'node:module';

/**
 * Real webhook payloads from @octokit/webhooks-examples, adapted to the repository and pull request
 * the tests use (owner "acme", repo "shop", PR #7, installation 1).
 */
const require = createRequire(import.meta.url);
const examples = require('@octokit/webhooks-examples/api.github.com/index.json') as { name: string; examples: Record<string, any>[] }[];

export const OWNER = 'acme';
export const REPO = 'shop';
export const NUMBER = 7;
export const BASE_SHA = 'b'.repeat(40);
export const HEAD_SHA = 'a'.repeat(40);

function example(name: string, action: string): any {
  const found = examples.find((entry) => entry.name === name)?.examples.find((payload) => payload.action === action);
  if (!found) throw new Error(`no example for ${name}.${action}`);
  return structuredClone(found);
}

function adaptRepository(payload: any): any {
  payload.repository.name = REPO;
  payload.repository.full_name = `${OWNER}/${REPO}`;
  payload.repository.owner.login = OWNER;
  payload.installation = { id: 1, node_id: 'MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMQ==' };
  return payload;
}

export function pullRequestEvent(
  action: 'opened' | 'synchronize' | 'reopened' | 'ready_for_review',
  options: { head?: string; draft?: boolean; changedFiles?: number } = {},
): any {
  const payload = adaptRepository(example('pull_request', action));
  payload.number = NUMBER;
  Object.assign(payload.pull_request, {
    number: NUMBER,
    state: 'open',
    draft: options.draft ?? false,
    changed_files: options.changedFiles ?? 1,
  });
  payload.pull_request.head.sha = options.head ?? HEAD_SHA;
  payload.pull_request.base.sha = BASE_SHA;
  payload.pull_request.base.ref = 'main';
  return payload;
}

export function issueCommentEvent(body: string, options: { login?: string; type?: 'User' | 'Bot'; id?: number } = {}): any {
  const payload = adaptRepository(example('issue_comment', 'created'));
  payload.issue.number = NUMBER;
  payload.issue.pull_request = { url: `https://api.github.com/repos/${OWNER}/${REPO}/pulls/${NUMBER}` };
  payload.comment.id = options.id ?? 5001;
  payload.comment.body = body;
  payload.comment.user.login = options.login ?? 'maintainer';
  payload.comment.user.type = options.type ?? 'User';
  payload.sender.login = options.login ?? 'maintainer';
  payload.sender.type = options.type ?? 'User';
  return payload;
}

export function reviewCommentEvent(body: string, options: { path: string; line: number; inReplyTo?: number; login?: string }): any {
  const payload = adaptRepository(example('pull_request_review_comment', 'created'));
  payload.pull_request.number = NUMBER;
  Object.assign(payload.comment, { id: 6001, body, path: options.path, line: options.line, in_reply_to_id: options.inReplyTo });
  payload.comment.user.login = options.login ?? 'maintainer';
  payload.comment.user.type = 'User';
  payload.sender.login = options.login ?? 'maintainer';
  payload.sender.type = 'User';
  return payload;
}

export function checkRunRerequestedEvent(): any {
  const payload = adaptRepository(example('check_run', 'rerequested'));
  payload.check_run.name = 'dbarch';
  payload.check_run.head_sha = HEAD_SHA;
  payload.check_run.pull_requests = [
    {
      number: NUMBER,
      id: 1,
      url: '',
      head: { ref: 'feature', sha: HEAD_SHA, repo: { id: 1, name: REPO, url: '' } },
      base: { ref: 'main', sha: BASE_SHA, repo: { id: 1, name: REPO, url: '' } },
    },
  ];
  return payload;
}

/** check_run.requested_action: the "Re-run review" button of dbarch's check was pressed. */
export function checkRunActionEvent(identifier: string): any {
  const payload = adaptRepository(example('check_run', 'requested_action'));
  const rerequested = checkRunRerequestedEvent();
  payload.check_run.name = 'dbarch';
  payload.check_run.head_sha = HEAD_SHA;
  payload.check_run.pull_requests = rerequested.check_run.pull_requests;
  payload.requested_action = { identifier };
  return payload;
}

/** check_suite.rerequested ("Re-run all checks") on the head of the test pull request. */
export function checkSuiteRerequestedEvent(): any {
  const payload = adaptRepository(example('check_suite', 'rerequested'));
  payload.check_suite.head_sha = HEAD_SHA;
  payload.check_suite.pull_requests = checkRunRerequestedEvent().check_run.pull_requests;
  return payload;
}
