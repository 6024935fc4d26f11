import type { Logger } from 'probot';
import { createCheckRun } from './check-run.js';
import type { ExplainModelFactory } from './commands/explain-with-model.js';
import { runReview, type ReviewFunction } from './run-review.js';
import type { ReviewScheduler } from './scheduler.js';
import type { GitHub, PullRequestTarget } from './target.js';
import type { DurableQueue } from '../queue/durable-queue.js';

export interface ReviewServices {
  scheduler: ReviewScheduler;
  review: ReviewFunction;
  /** The LLM for `/dbarch explain`, when one is configured (undefined: the rule docs answer). */
  explainModel?: ExplainModelFactory;
  /** With REDIS_URL: reviews go to BullMQ and workers run them (src/queue/); else the scheduler's in-process queue. */
  durable?: DurableQueue;
  /** The delivery being handled (set by servicesForDelivery). */
  delivery?: { id: string; installationId?: number };
}

/**
 * The services for one webhook delivery: reviews it starts are run for the delivery's installation
 * (`payload.installation.id`), so their LLM calls count against that installation's daily budget.
 */
export function servicesForDelivery(services: ReviewServices, payload: unknown, deliveryId = 'unknown'): ReviewServices {
  const installationId = (payload as { installation?: { id?: unknown } } | undefined)?.installation?.id;
  if (typeof installationId !== 'number') return { ...services, delivery: { id: deliveryId } };
  return {
    ...services,
    delivery: { id: deliveryId, installationId },
    review: (changeset, config, origin) => services.review(changeset, config, { ...origin, installationId }),
  };
}

/**
 * Starts a review of a pull request head: claims the head (a head already reviewed is skipped unless
 * forced) and supersedes the pull request's stale run at once; then, in the background, creates the
 * check run in progress and queues the review. Returns without waiting on GitHub, so the webhook is
 * answered at once, however long the installation's write pacing holds the check run's creation.
 */
export async function startReview(
  services: ReviewServices,
  github: GitHub,
  target: PullRequestTarget,
  options: { force: boolean; log: Logger },
): Promise<boolean> {
  const { durable, delivery } = services;
  if (durable && delivery?.installationId !== undefined) {
    return durable.submit(
      { target, installationId: delivery.installationId, deliveryId: delivery.id, force: options.force, requestedAt: Date.now() },
      options.log,
    );
  }
  if (!services.scheduler.claimHead(target, options.force)) {
    options.log.info({ head: target.headSha }, 'head already reviewed; skipped');
    return false;
  }
  const controller = services.scheduler.supersede(target);
  services.scheduler.background(queueReview(services, github, target, controller, options.log), options.log);
  return true;
}

async function queueReview(
  services: ReviewServices,
  github: GitHub,
  target: PullRequestTarget,
  controller: AbortController,
  log: Logger,
): Promise<void> {
  let checkRunId: number;
  try {
    checkRunId = await createCheckRun(github, target);
  } catch (error) {
    // Nothing to complete: the next event for this head (a push, `/dbarch review`) may try again.
    services.scheduler.releaseHead(target);
    services.scheduler.abandon(target, controller);
    throw error;
  }
  void services.scheduler.enqueue(
    target,
    log,
    async (signal) => {
      const outcome = await runReview({ github, target, checkRunId, signal, log, review: services.review });
      // A crashed or cancelled run may be tried again by the next event for this head.
      if (outcome.crashed || outcome.conclusion === 'cancelled') services.scheduler.releaseHead(target);
      return outcome;
    },
    controller,
  );
}
