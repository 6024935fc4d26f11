import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from 'probot';
import { queueDepth } from './metrics.js';
import { jobIdOf, logFieldsOf, type ReviewRequest } from './review-request.js';
import type { QueueSettings } from './queue-settings.js';
import { SharedState } from './shared-state.js';

/**
 * The web side of the durable queue: the webhook handler claims the head, marks the job the latest
 * for its pull request and adds it to BullMQ, then answers; workers (src/queue/review-worker.ts)
 * do the rest. Job ids come from the delivery and the head, so a redelivery adds nothing.
 */
export const QUEUE_NAME = 'reviews';

export class DurableQueue {
  readonly queue: Queue<ReviewRequest>;
  readonly state: SharedState;

  constructor(
    readonly redis: Redis,
    readonly settings: QueueSettings,
  ) {
    this.queue = new Queue<ReviewRequest>(QUEUE_NAME, { connection: redis, prefix: settings.prefix });
    this.state = new SharedState(redis, settings.prefix);
  }

  static connect(settings: QueueSettings): DurableQueue {
    return new DurableQueue(redisConnection(settings.redisUrl!), settings);
  }

  /** Queues a review; false when the head was reviewed before and the run is not forced. */
  async submit(request: ReviewRequest, log: Logger): Promise<boolean> {
    if (!(await this.state.claimHead(request.target, request.force))) {
      log.info(logFieldsOf(request), 'head already reviewed; skipped');
      return false;
    }
    const jobId = jobIdOf(request);
    await this.state.markLatest(request.target, jobId);
    await this.queue.add('review', request, this.jobOptions(jobId));
    log.info({ ...logFieldsOf(request), job: jobId }, 'review queued');
    return true;
  }

  /**
   * Queues a review again for a check run found in progress that Redis did not know (github-sweep.ts):
   * a forced review of its head that completes that same run. One job per check run; listed in
   * Redis from now on, so the sweeper fails the run with the reason if this review cannot finish.
   */
  async resume(found: Pick<ReviewRequest, 'target' | 'installationId' | 'requestedAt'> & { checkRunId: number }): Promise<void> {
    const jobId = `sweep-${found.checkRunId}`;
    const request: ReviewRequest = { ...found, deliveryId: jobId, force: true };
    await this.state.markLatest(request.target, jobId);
    await this.queue.add('review', request, this.jobOptions(jobId));
    await this.state.trackInFlight({ checkRunId: found.checkRunId, jobId, startedAt: found.requestedAt, request: JSON.stringify(request) });
  }

  private jobOptions(jobId: string) {
    return {
      jobId,
      attempts: this.settings.attempts,
      backoff: { type: 'exponential', delay: this.settings.backoffMs },
      removeOnComplete: { age: 24 * 60 * 60, count: 10_000 },
      removeOnFail: { age: 7 * 24 * 60 * 60 },
    };
  }

  /** Job counts by state, also published as the queue-depth metric. */
  async depth(): Promise<Record<string, number>> {
    const counts = await this.queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'prioritized');
    for (const [state, count] of Object.entries(counts)) queueDepth.set({ state }, count);
    return counts;
  }

  /** Redis answers and the queue's keys can be read (`/readyz`). */
  async ready(): Promise<boolean> {
    try {
      await this.redis.ping();
      await this.queue.getJobCounts('waiting');
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await this.queue.close();
    await this.redis.quit().catch(() => undefined);
  }
}

/** BullMQ wants `maxRetriesPerRequest: null` on connections its workers block on. */
export function redisConnection(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true });
}
