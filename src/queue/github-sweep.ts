import type { Logger } from 'probot';
import { CHECK_NAME } from '../github/check-output.js';
import { targetOf, type GitHub } from '../github/target.js';
import type { DurableQueue } from './durable-queue.js';
import { checksRequeuedTotal } from './metrics.js';

/**
 * Never hung, even when Redis has forgotten: the sweeper in sweeper.ts knows only the check runs
 * listed in Redis, so a run is missed if Redis lost its data (restarted without persistence,
 * flushed, replaced) or a worker died between creating the run and listing it. This sweep asks
 * GitHub instead: for each installation of the App, each repository, each open pull request
 * updated within GitHub's 14 days (after those GitHub marks an unfinished check run stale itself),
 * the `dbarch` run of its head. One that has been `in_progress` (or `queued`) longer than the
 * limit and that Redis does not know is put back on the queue, to be completed by a review of that
 * head on that same run; it is then listed in Redis, so if that review cannot finish either, the
 * Redis sweep completes it `failure` with the reason. Never `neutral`, never left to pass by
 * omission.
 *
 * Cost: one request per page of installations, repositories and pull requests, and one per recent
 * open pull request; it runs once per DBARCH_SWEEP_AFTER_MS for the whole deployment.
 */
export interface GitHubSweepOptions {
  /** The Octokit authenticated as the App (JWT): lists its installations. */
  appGitHub: () => Promise<GitHub>;
  githubFor: (installationId: number) => Promise<GitHub>;
  queue: DurableQueue;
  /** The App's id (APP_ID), so another app's check named `dbarch` is not taken for ours. */
  appId?: number;
  afterMs: number;
  log: Logger;
  now?: () => number;
}

const STALE_AFTER_MS = 14 * 24 * 60 * 60_000;
const UNFINISHED = new Set(['queued', 'in_progress']);

export interface GitHubSweepResult {
  installations: number;
  pulls: number;
  requeued: number;
}

export async function sweepGitHubChecks(options: GitHubSweepOptions): Promise<GitHubSweepResult> {
  const now = options.now?.() ?? Date.now();
  const known = new Set((await options.queue.state.inFlight()).map((entry) => entry.checkRunId));
  const app = await options.appGitHub();
  const installations = await app.paginate(app.rest.apps.listInstallations, { per_page: 100 });
  const result: GitHubSweepResult = { installations: installations.length, pulls: 0, requeued: 0 };
  for (const installation of installations) {
    try {
      const github = await options.githubFor(installation.id);
      const repositories = await github.paginate(github.rest.apps.listReposAccessibleToInstallation, { per_page: 100 });
      for (const repository of repositories) {
        if (repository.archived) continue;
        for (const pull of await recentOpenPulls(github, repository, now)) {
          result.pulls += 1;
          const run = await unfinishedRun(github, repository, pull.head.sha, options.appId);
          if (!run || known.has(run.id) || now - Date.parse(run.started_at ?? '') < options.afterMs) continue;
          const target = targetOf(repository, pull);
          await options.queue.resume({ target, installationId: installation.id, checkRunId: run.id, requestedAt: now });
          checksRequeuedTotal.inc();
          options.log.warn(
            { installation: installation.id, repo: repository.full_name, pr: pull.number, head: pull.head.sha, checkRun: run.id },
            'check run in progress that Redis did not know: review queued again on the same check run',
          );
          result.requeued += 1;
        }
      }
    } catch (error) {
      options.log.error(
        { err: error, installation: installation.id },
        "sweeping an installation's check runs failed; the next sweep tries again",
      );
    }
  }
  return result;
}

type Repository = { name: string; full_name: string; owner: { login: string } };

/** Open pull requests updated within 14 days, newest first (GitHub sorts them; older pages are not read). */
async function recentOpenPulls(github: GitHub, repository: Repository, now: number) {
  const pulls = [];
  const pages = github.paginate.iterator(github.rest.pulls.list, {
    owner: repository.owner.login,
    repo: repository.name,
    state: 'open',
    sort: 'updated',
    direction: 'desc',
    per_page: 100,
  });
  for await (const page of pages) {
    for (const pull of page.data) {
      if (now - Date.parse(pull.updated_at) > STALE_AFTER_MS) return pulls;
      pulls.push(pull);
    }
  }
  return pulls;
}

/** The latest `dbarch` run of a commit, when it is not completed. */
async function unfinishedRun(github: GitHub, repository: Repository, sha: string, appId: number | undefined) {
  const { data } = await github.rest.checks.listForRef({
    owner: repository.owner.login,
    repo: repository.name,
    ref: sha,
    check_name: CHECK_NAME,
    filter: 'latest',
    ...(appId !== undefined ? { app_id: appId } : {}),
  });
  return data.check_runs.find((run) => UNFINISHED.has(run.status));
}
