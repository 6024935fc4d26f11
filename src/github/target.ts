import type { ProbotOctokit } from 'probot';

/** The pull request a review is about, as far as the GitHub adapter needs it. */
export interface PullRequestTarget {
  owner: string;
  repo: string;
  number: number;
  headSha: string;
  baseSha: string;
  draft: boolean;
  /** What GitHub says the pull request changes (the file list stops at 3,000). */
  changedFiles?: number;
}

export type GitHub = ProbotOctokit;

interface PullRequestLike {
  number: number;
  draft?: boolean;
  changed_files?: number;
  head: { sha: string };
  base: { sha: string };
}

export function targetOf(repository: { name: string; owner: { login: string } }, pull: PullRequestLike): PullRequestTarget {
  return {
    owner: repository.owner.login,
    repo: repository.name,
    number: pull.number,
    headSha: pull.head.sha,
    baseSha: pull.base.sha,
    draft: pull.draft === true,
    ...(pull.changed_files !== undefined ? { changedFiles: pull.changed_files } : {}),
  };
}

export async function fetchTarget(github: GitHub, owner: string, repo: string, number: number): Promise<PullRequestTarget> {
  const { data } = await github.rest.pulls.get({ owner, repo, pull_number: number });
  return targetOf({ name: repo, owner: { login: owner } }, data);
}

export function pullKey(target: Pick<PullRequestTarget, 'owner' | 'repo' | 'number'>): string {
  return `${target.owner}/${target.repo}#${target.number}`;
}
