import type { PullRequestTarget } from '../github/target.js';
import { pullKey } from '../github/target.js';

/**
 * A review asked for by a webhook, as it travels through the durable queue (JSON in Redis): which
 * pull request head, for which installation, from which delivery, and, once the worker created it,
 * the check run it completes. A worker that takes over a stalled job completes that same check run.
 */
export interface ReviewRequest {
  target: PullRequestTarget;
  installationId: number;
  deliveryId: string;
  /** `/dbarch review`, Re-run: review even when the head was reviewed before. */
  force: boolean;
  /** Milliseconds since the epoch when the webhook was answered (queue latency). */
  requestedAt: number;
  checkRunId?: number;
}

/**
 * One job per delivery and head: a redelivery of the same webhook, or the same delivery reaching a
 * second replica, adds nothing. BullMQ refuses `:` in custom job ids.
 */
export function jobIdOf(request: Pick<ReviewRequest, 'deliveryId' | 'target'>): string {
  return `${request.deliveryId}-${request.target.headSha}`.replace(/:/g, '_');
}

/** The fields every log line of a review carries. */
export function logFieldsOf(request: ReviewRequest): Record<string, unknown> {
  return {
    delivery: request.deliveryId,
    repo: `${request.target.owner}/${request.target.repo}`,
    pr: request.target.number,
    head: request.target.headSha,
    installation: request.installationId,
  };
}

export { pullKey };
