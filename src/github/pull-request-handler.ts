import type { Context } from 'probot';
import { startReview, type ReviewServices } from './start-review.js';
import { fetchTarget, targetOf } from './target.js';
import { CHECK_NAME } from './check-output.js';
import { RERUN_ACTION } from './check-run.js';

/** pull_request opened/synchronize/reopened/ready_for_review: review the new head. */
export async function onPullRequest(services: ReviewServices, context: Context<'pull_request'>): Promise<void> {
  const { payload } = context;
  if (payload.pull_request.state !== 'open') return;
  const target = targetOf(payload.repository, payload.pull_request);
  const force = payload.action === 'ready_for_review';
  await startReview(services, context.octokit, target, { force, log: context.log });
}

/** check_run.rerequested on dbarch's check ("Re-run" in the Checks tab): review again. */
export async function onCheckRunRerequested(services: ReviewServices, context: Context<'check_run.rerequested'>): Promise<void> {
  const { check_run: checkRun, repository } = context.payload;
  if (checkRun.name !== CHECK_NAME) return;
  await reviewPulls(services, context, repository, checkRun.pull_requests);
}

/** check_run.requested_action: the "Re-run review" button of a check that could not finish. */
export async function onCheckRunAction(services: ReviewServices, context: Context<'check_run.requested_action'>): Promise<void> {
  const { check_run: checkRun, repository, requested_action: action } = context.payload;
  if (checkRun.name !== CHECK_NAME || action?.identifier !== RERUN_ACTION.identifier) return;
  await reviewPulls(services, context, repository, checkRun.pull_requests);
}

/** check_suite.rerequested ("Re-run all checks"): review the suite's head in each of its pull requests. */
export async function onCheckSuiteRerequested(services: ReviewServices, context: Context<'check_suite.rerequested'>): Promise<void> {
  const { check_suite: suite, repository } = context.payload;
  await reviewPulls(services, context, repository, suite.pull_requests);
}

async function reviewPulls(
  services: ReviewServices,
  context: Context,
  repository: { name: string; owner: { login: string } },
  pulls: readonly { number: number }[],
): Promise<void> {
  for (const pull of pulls) {
    const target = await fetchTarget(context.octokit, repository.owner.login, repository.name, pull.number);
    await startReview(services, context.octokit, target, { force: true, log: context.log });
  }
}
