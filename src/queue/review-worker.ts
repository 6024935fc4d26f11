import { Worker, type Job } from 'bullmq';
import type { Logger } from 'probot';
import { completeCheckRun, createCheckRun } from '../github/check-run.js';
import { runReview, type ReviewFunction, type ReviewOutcome } from '../github/run-review.js';
import type { GitHub } from '../github/target.js';
import { isTransient } from './transient-errors.js';
import { QUEUE_NAME, redisConnection } from './durable-queue.js';
import { queueWaitSeconds, reviewSeconds, reviewsTotal } from './metrics.js';
import type { QueueSettings } from './queue-settings.js';
import { logFieldsOf, type ReviewRequest } from './review-request.js';
import type { SharedBaseStore } from '../dry-run/replay/base-cache.js';
import type { SharedSpend } from './shared-spend.js';
import type { SharedState } from './shared-state.js';

/**
 * A worker process's side of the durable queue: takes review jobs (`concurrency` at a time), creates
 * the job's check run once and stores its id with the job, so a worker that takes over a stalled
 * job (its first worker was killed) completes that same check run. A transient GitHub or LLM failure
 * with tries left hands the job back to BullMQ, which retries it with exponential back-off. A newer
 * job for the same pull request supersedes this one: checked when the job starts and every second
 * while it runs; it starts only once the older one has stopped (one review per pull request at a
 * time, so they do not both create a summary comment). SIGTERM (close): no new jobs; running ones get `shutdownMs` to finish, then are
 * handed back for another worker.
 */
export interface ReviewWorkerOptions {
  settings: QueueSettings;
  state: SharedState;
  /** The installations' LLM spend, shared by the workers. */
  spend: SharedSpend;
  /** The dry run's built bases, shared by the workers (absent: DBARCH_BASE_CACHE_REDIS_MB=0). */
  baseCache?: SharedBaseStore;
  /** An Octokit for an installation (Probot's `app.auth(installationId)`), wrapped for rate limits. */
  githubFor: (installationId: number) => Promise<GitHub>;
  review: ReviewFunction;
  log: Logger;
}

const SUPERSEDE_POLL_MS = 1_000;
const CLAIM_POLL_MS = 200;

class ShutdownError extends Error {
  constructor() {
    super('the worker is shutting down: the review goes back to the queue');
  }
}

export class ReviewWorker {
  readonly worker: Worker<ReviewRequest, ReviewOutcome | { superseded: true }>;
  private readonly running = new Map<string, AbortController>();

  constructor(private readonly options: ReviewWorkerOptions) {
    const { settings } = options;
    this.worker = new Worker(QUEUE_NAME, (job) => this.process(job), {
      connection: redisConnection(settings.redisUrl!),
      prefix: settings.prefix,
      concurrency: settings.concurrency,
      lockDuration: settings.lockMs,
      stalledInterval: Math.max(1_000, Math.floor(settings.lockMs / 2)),
      maxStalledCount: 3,
    });
    this.worker.on('failed', (job, error) =>
      options.log.warn({ ...(job ? logFieldsOf(job.data) : {}), err: error, attempts: job?.attemptsMade }, 'review job failed'),
    );
    this.worker.on('error', (error) => options.log.error({ err: error }, 'review worker error'));
  }

  private async process(job: Job<ReviewRequest>): Promise<ReviewOutcome | { superseded: true }> {
    const request = job.data;
    const log = this.options.log.child({ ...logFieldsOf(request), job: job.id, attempt: job.attemptsMade + 1 });
    const { state } = this.options;
    if (job.attemptsStarted <= 1) queueWaitSeconds.observe((Date.now() - request.requestedAt) / 1000);
    const github = await this.options.githubFor(request.installationId);
    if (!(await state.isLatest(request.target, job.id!)) || !(await this.claimPull(job, log))) {
      if (request.checkRunId !== undefined) await this.completeSuperseded(github, request);
      log.info('superseded by a newer push before it started');
      reviewsTotal.inc({ outcome: 'superseded' });
      return { superseded: true };
    }
    // The pull request stays this job's until it ends: renewed while it runs, released at the end.
    const renew = setInterval(
      () => void state.claimPull(request.target, job.id!, this.claimTtlMs).catch(() => undefined),
      SUPERSEDE_POLL_MS,
    );
    try {
      return await this.review(job, github, log);
    } finally {
      clearInterval(renew);
      await state.releasePull(request.target, job.id!).catch(() => undefined);
    }
  }

  /** A dead holder stops renewing its claim on the pull request; after this long the next job takes it. */
  private get claimTtlMs(): number {
    return 2 * this.options.settings.lockMs;
  }

  private async review(job: Job<ReviewRequest>, github: GitHub, log: Logger): Promise<ReviewOutcome> {
    const request = job.data;
    const { state } = this.options;
    const checkRunId = request.checkRunId ?? (await this.createCheck(job, github));
    log.info({ checkRun: checkRunId, resumed: request.checkRunId !== undefined }, 'review started');
    const started = Date.now();
    const controller = new AbortController();
    this.running.set(job.id!, controller);
    const poll = setInterval(() => {
      void state
        .isLatest(request.target, job.id!)
        .then((latest) => latest || controller.abort(new Error('superseded by a newer run')))
        .catch(() => undefined);
    }, SUPERSEDE_POLL_MS);
    // At the shutdown deadline the job goes back at once: a request in flight may take Octokit's
    // retries (seconds) to notice the abort, and the review left behind completes nothing.
    const shutdown = new Promise<never>((_, reject) =>
      controller.signal.addEventListener('abort', () => {
        if (controller.signal.reason instanceof ShutdownError) reject(controller.signal.reason);
      }),
    );
    try {
      const review = runReview({
        github,
        target: request.target,
        checkRunId,
        signal: controller.signal,
        log,
        review: async (changeset, config, origin) => {
          const { installationId } = request;
          const ledger = await this.options.spend.ledgerFor(installationId);
          const { baseCache } = this.options;
          const result = await this.options.review(changeset, config, {
            ...origin,
            installationId,
            ledger,
            ...(baseCache ? { baseCache } : {}),
          });
          const llm = result.stats.llm;
          if (llm && !llm.cached && llm.costUsd !== null) await this.options.spend.record(installationId, llm.costUsd);
          return result;
        },
        handBack: (error) =>
          controller.signal.reason instanceof ShutdownError ||
          (job.attemptsMade + 1 < this.options.settings.attempts && isTransient(error)),
      });
      review.catch(() => undefined);
      shutdown.catch(() => undefined);
      const outcome = await Promise.race([review, shutdown]).catch((error: unknown) => {
        if (error instanceof ShutdownError) log.warn('review handed back to the queue: the worker is shutting down');
        throw error;
      });
      if (outcome.crashed) await state.releaseHead(request.target);
      await state.untrackInFlight(checkRunId);
      reviewsTotal.inc({ outcome: outcome.crashed ? 'failure_crash' : outcome.conclusion });
      reviewSeconds.observe((Date.now() - started) / 1000);
      log.info({ conclusion: outcome.conclusion, ms: Date.now() - started }, 'review completed');
      return outcome;
    } finally {
      clearInterval(poll);
      this.running.delete(job.id!);
    }
  }

  /**
   * Waits while another job holds the pull request (the review of an older push, which notices
   * within a second that it was superseded and stops). False when this job is superseded itself
   * meanwhile. A holder that died loses the claim after claimTtlMs; past twice that the review goes
   * ahead regardless, since a duplicate summary is better than a check never created.
   */
  private async claimPull(job: Job<ReviewRequest>, log: Logger): Promise<boolean> {
    const { state } = this.options;
    const deadline = Date.now() + 2 * this.claimTtlMs;
    let waiting = false;
    while (!(await state.claimPull(job.data.target, job.id!, this.claimTtlMs))) {
      if (!(await state.isLatest(job.data.target, job.id!))) return false;
      if (Date.now() > deadline) {
        log.warn('the review of an older push still holds this pull request; reviewing anyway');
        return true;
      }
      if (!waiting) log.info('waiting for the review of an older push of this pull request to stop');
      waiting = true;
      await sleep(CLAIM_POLL_MS);
    }
    return true;
  }

  private async createCheck(job: Job<ReviewRequest>, github: GitHub): Promise<number> {
    const checkRunId = await createCheckRun(github, job.data.target);
    await job.updateData({ ...job.data, checkRunId });
    await this.options.state.trackInFlight({
      checkRunId,
      jobId: job.id!,
      startedAt: Date.now(),
      request: JSON.stringify({ ...job.data, checkRunId }),
    });
    return checkRunId;
  }

  private async completeSuperseded(github: GitHub, request: ReviewRequest): Promise<void> {
    await completeCheckRun(github, request.target, request.checkRunId!, {
      conclusion: 'cancelled',
      output: {
        title: 'Superseded by a newer push',
        summary: 'A newer commit was pushed to this pull request; dbarch reviews that one instead.',
      },
    });
    await this.options.state.untrackInFlight(request.checkRunId!);
  }

  /** Graceful shutdown: stop taking jobs, let running ones finish within the deadline, hand back the rest. */
  async close(): Promise<void> {
    const closing = this.worker.close();
    const finished = await Promise.race([closing.then(() => true), sleep(this.options.settings.shutdownMs).then(() => false)]);
    if (finished) return;
    this.options.log.warn({ running: this.running.size }, 'shutdown deadline: handing the running reviews back to the queue');
    for (const controller of this.running.values()) controller.abort(new ShutdownError());
    await Promise.race([closing, sleep(5_000)]);
  }

  get active(): number {
    return this.running.size;
  }
}

function sleep(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds).unref());
}
