import type { Queue } from 'bullmq';
import type { Logger } from 'probot';
import { completeCheckRun, RERUN_ACTION } from '../github/check-run.js';
import type { GitHub } from '../github/target.js';
import { reviewsTotal } from './metrics.js';
import type { ReviewRequest } from './review-request.js';
import type { SharedState } from './shared-state.js';

/**
 * Never hung: a required check left `in_progress` blocks every merge of its repository. Every
 * check run a worker creates is listed in Redis until it is completed. The sweeper (one process of
 * the deployment at a time) looks at those older than `afterMs`: while BullMQ still has the job
 * waiting, retrying or running (stalled jobs come back on their own) and it is younger than twice
 * the limit, it is left alone; otherwise — the job is gone, failed for good, or stuck — GitHub is
 * asked how the run stands: one completed meanwhile (its worker died after completing it) is only
 * taken off the list; one still unfinished is completed `failure` with the reason and a Re-run
 * button, and its head may be reviewed again. Runs Redis never knew are found by github-sweep.ts.
 */
export interface SweepOptions {
  state: SharedState;
  queue: Queue<ReviewRequest>;
  githubFor: (installationId: number) => Promise<GitHub>;
  afterMs: number;
  log: Logger;
  now?: () => number;
}

const LIVE_STATES = new Set(['waiting', 'active', 'delayed', 'prioritized', 'waiting-children']);

export async function sweepHungChecks(options: SweepOptions): Promise<number> {
  const now = options.now?.() ?? Date.now();
  let swept = 0;
  for (const entry of await options.state.inFlight()) {
    const age = now - entry.startedAt;
    if (age < options.afterMs) continue;
    const job = await options.queue.getJob(entry.jobId);
    const jobState = job ? await job.getState() : 'missing';
    if (LIVE_STATES.has(jobState) && age < 2 * options.afterMs) continue;
    const request = JSON.parse(entry.request) as ReviewRequest;
    const minutes = Math.round(age / 60_000);
    const reason =
      jobState === 'missing' || jobState === 'unknown'
        ? 'its review job was lost (the queue no longer has it)'
        : jobState === 'failed'
          ? `its review failed ${job?.attemptsMade ?? 0} times (${job?.failedReason ?? 'no reason recorded'})`
          : `its review has been ${jobState} for ${minutes} minutes`;
    try {
      const github = await options.githubFor(request.installationId);
      const { data: run } = await github.rest.checks.get({
        owner: request.target.owner,
        repo: request.target.repo,
        check_run_id: entry.checkRunId,
      });
      if (run.status === 'completed') {
        await options.state.untrackInFlight(entry.checkRunId);
        options.log.info(
          { checkRun: entry.checkRunId, conclusion: run.conclusion },
          'listed check run was completed already; taken off the list',
        );
        continue;
      }
      await completeCheckRun(github, request.target, entry.checkRunId, {
        conclusion: 'failure',
        output: {
          title: 'dbarch could not finish the review',
          summary: `This check was still in progress after ${minutes} minutes: ${reason}. It is failed rather than left hanging, so this pull request is not passed.\n\nPress **Re-run review**, re-run the check or comment \`/dbarch review\` to try again.`,
        },
        actions: [RERUN_ACTION],
      });
      await options.state.untrackInFlight(entry.checkRunId);
      await options.state.releaseHead(request.target);
      if (LIVE_STATES.has(jobState)) await job?.remove().catch(() => undefined);
      reviewsTotal.inc({ outcome: 'failure_swept' });
      options.log.warn({ checkRun: entry.checkRunId, job: entry.jobId, jobState, minutes }, 'hung check run completed as failure');
      swept += 1;
    } catch (error) {
      options.log.error({ err: error, checkRun: entry.checkRunId }, 'sweeping a hung check run failed; next sweep tries again');
    }
  }
  return swept;
}
