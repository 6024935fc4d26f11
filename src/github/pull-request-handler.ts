import type { Context } from 'probot';
import { startReview, type ReviewServices } from './start-review.js';
import { fetchTarget, targetOf } from './target.js';
import { CHECK_NAME } from './check-output.js';

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
  const pull = checkRun.pull_requests[0];
  if (!pull) return;
  const target = await fetchTarget(context.octokit, repository.owner.login, repository.name, pull.number);
  await startReview(services, context.octokit, target, { force: true, log: context.log });
}
