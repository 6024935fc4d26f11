import { readFile } from 'node:fs/promises';
import type { PullRequestTarget } from '../github/target.js';
import { targetOf } from '../github/target.js';
import { ActionInputError } from './action-environment.js';

/**
 * The pull request the workflow runs for, from the event payload at GITHUB_EVENT_PATH
 * (`pull_request` and `pull_request_target` events carry the same `pull_request` object).
 */
export interface PullRequestEvent {
  target: PullRequestTarget;
  /** The head branch lives in another repository: the workflow's token is read-only there. */
  fromFork: boolean;
}

interface Payload {
  repository?: { name: string; owner: { login: string }; full_name?: string };
  pull_request?: {
    number: number;
    draft?: boolean;
    changed_files?: number;
    head: { sha: string; repo?: { full_name?: string } | null };
    base: { sha: string; repo?: { full_name?: string } };
  };
}

export async function readPullRequestEvent(path: string): Promise<PullRequestEvent> {
  let payload: Payload;
  try {
    payload = JSON.parse(await readFile(path, 'utf8')) as Payload;
  } catch (error) {
    throw new ActionInputError(`cannot read the event payload at ${path}: ${(error as Error).message}`);
  }
  const pull = payload.pull_request;
  if (!pull || !payload.repository) {
    throw new ActionInputError('this event is not about a pull request: run dbarch on `pull_request` (or `pull_request_target`) events');
  }
  const headRepository = pull.head.repo?.full_name;
  const fromFork = headRepository !== undefined && headRepository !== (pull.base.repo?.full_name ?? payload.repository.full_name);
  return { target: targetOf(payload.repository, pull), fromFork };
}
