import PQueue from 'p-queue';
import type { Logger } from 'probot';
import { pullKey, type PullRequestTarget } from './target.js';

/**
 * Runs reviews in an in-process queue with a concurrency limit, so webhooks are answered at once:
 * even the check run is created in the background (the installation's write pacing may hold a write for
 * seconds behind other reviews' writes). It also keeps the app idempotent: a delivery id seen before
 * is ignored, a head SHA already reviewed (or being reviewed) is not reviewed again unless forced,
 * and a newer run for a pull request aborts the stale one as soon as its event arrives.
 */
export interface SchedulerOptions {
  concurrency?: number;
  /** How many delivery ids and reviewed heads to remember. */
  memory?: number;
}

export class ReviewScheduler {
  readonly queue: PQueue;
  private readonly deliveries: RecentSet;
  private readonly heads: RecentSet;
  private readonly running = new Map<string, AbortController>();
  private readonly starting = new Set<Promise<void>>();

  constructor(options: SchedulerOptions = {}) {
    this.queue = new PQueue({ concurrency: options.concurrency ?? 4 });
    this.deliveries = new RecentSet(options.memory ?? 5_000);
    this.heads = new RecentSet(options.memory ?? 5_000);
  }

  /** true the first time a delivery id is seen. */
  firstDelivery(id: string): boolean {
    return this.deliveries.add(id);
  }

  /** Forgets a delivery whose handling failed, so GitHub's "Redeliver" can try it again. */
  forgetDelivery(id: string): void {
    this.deliveries.delete(id);
  }

  /** Claims a head for review; false when it was reviewed already (a forced run always claims). */
  claimHead(target: PullRequestTarget, force: boolean): boolean {
    const claimed = this.heads.add(headKey(target));
    return claimed || force;
  }

  releaseHead(target: PullRequestTarget): void {
    this.heads.delete(headKey(target));
  }

  /** Aborts the run queued or running for a pull request; returns the controller of its successor. */
  supersede(target: PullRequestTarget): AbortController {
    const key = pullKey(target);
    this.running.get(key)?.abort(new Error('superseded by a newer run'));
    const controller = new AbortController();
    this.running.set(key, controller);
    return controller;
  }

  /** Drops a successor that never got queued (its check run could not be created). */
  abandon(target: PullRequestTarget, controller: AbortController): void {
    if (this.running.get(pullKey(target)) === controller) this.running.delete(pullKey(target));
  }

  /** Runs the start of a review (creating its check run, then queueing it) without holding up the webhook. */
  background(start: Promise<void>, log: Logger): void {
    const tracked: Promise<void> = start
      .catch((error: unknown) => log.error({ err: error }, 'starting a review failed'))
      .finally(() => this.starting.delete(tracked));
    this.starting.add(tracked);
  }

  /** Queues a run for a pull request, aborting the run queued or running for it before. */
  enqueue<T>(
    target: PullRequestTarget,
    log: Logger,
    run: (signal: AbortSignal) => Promise<T>,
    controller: AbortController = this.supersede(target),
  ): Promise<T | undefined> {
    const key = pullKey(target);
    return this.queue
      .add(async () => {
        try {
          return await run(controller.signal);
        } finally {
          if (this.running.get(key) === controller) this.running.delete(key);
        }
      })
      .catch((error: unknown) => {
        log.error({ err: error }, 'queued review failed');
        return undefined;
      });
  }

  /** Resolves when every review being started or queued has finished (tests, graceful shutdown). */
  async idle(): Promise<void> {
    while (this.starting.size > 0) await Promise.all(this.starting);
    await this.queue.onIdle();
  }

  stats(): { starting: number; queued: number; running: number } {
    return { starting: this.starting.size, queued: this.queue.size, running: this.queue.pending };
  }
}

function headKey(target: PullRequestTarget): string {
  return `${pullKey(target)}@${target.headSha}`;
}

/** A set that forgets its oldest entries beyond a size. */
class RecentSet {
  private readonly entries = new Set<string>();
  constructor(private readonly limit: number) {}

  add(value: string): boolean {
    if (this.entries.has(value)) return false;
    this.entries.add(value);
    if (this.entries.size > this.limit) this.entries.delete(this.entries.values().next().value!);
    return true;
  }

  delete(value: string): void {
    this.entries.delete(value);
  }
}
