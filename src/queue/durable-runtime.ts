import type { Probot } from 'probot';
import type { InstallationBackoff } from '../github/installation-backoff.js';
import type { QueueProbe } from '../github/health.js';
import { waitOnSecondaryRateLimits, type RateLimitOptions } from '../github/rate-limits.js';
import type { ReviewFunction } from '../github/run-review.js';
import type { GitHub } from '../github/target.js';
import { DurableQueue } from './durable-queue.js';
import { githubRateLimitWaitSeconds, githubRateLimitWaitsTotal, githubRequestsTotal } from './metrics.js';
import type { QueueSettings } from './queue-settings.js';
import { ReviewWorker } from './review-worker.js';
import { SharedSpend } from './shared-spend.js';
import { sweepHungChecks } from './sweeper.js';

/**
 * The App on Redis: the queue the webhook handlers add to, and — unless DBARCH_ROLE=web — a worker
 * and the hung-check sweeper in this process. `close()` is the graceful shutdown (SIGTERM).
 */
export interface DurableRuntime {
  queue: DurableQueue;
  worker?: ReviewWorker;
  probe: QueueProbe;
  backoff: InstallationBackoff;
  githubFor: (installationId: number) => Promise<GitHub>;
  close(): Promise<void>;
}

export function startDurableQueue(options: {
  app: Probot;
  settings: QueueSettings;
  review: ReviewFunction;
  rateLimits?: RateLimitOptions;
}): DurableRuntime {
  const { app, settings } = options;
  const queue = DurableQueue.connect(settings);
  const backoff: InstallationBackoff = {
    heldUntil: (installationId) => queue.state.installationHeldUntil(installationId),
    hold: (installationId, untilMs) => queue.state.holdInstallation(installationId, untilMs),
  };
  const log = app.log.child({ role: settings.role });
  const githubFor = async (installationId: number): Promise<GitHub> =>
    waitOnSecondaryRateLimits((await app.auth(installationId)) as GitHub, {
      ...options.rateLimits,
      backoff: { installationId, store: backoff },
      onWait: (seconds, route) => {
        githubRateLimitWaitsTotal.inc();
        githubRateLimitWaitSeconds.inc(seconds);
        log.warn({ installation: installationId, seconds, route }, 'secondary rate limit: every request of the installation waits');
      },
      onResponse: (method, status) => githubRequestsTotal.inc({ method, status: String(status) }),
    });
  const worker =
    settings.role === 'web'
      ? undefined
      : new ReviewWorker({
          settings,
          state: queue.state,
          spend: new SharedSpend(queue.redis, settings.prefix),
          githubFor,
          review: options.review,
          log,
        });
  const sweepEvery = Math.min(60_000, Math.max(1_000, Math.floor(settings.sweepAfterMs / 2)));
  const sweeper = worker
    ? setInterval(() => {
        void queue.state
          .claimSweep(sweepEvery)
          .then((mine) =>
            mine ? sweepHungChecks({ state: queue.state, queue: queue.queue, githubFor, afterMs: settings.sweepAfterMs, log }) : 0,
          )
          .catch((error: unknown) => log.error({ err: error }, 'sweep failed'));
      }, sweepEvery).unref()
    : undefined;
  log.info(
    { prefix: settings.prefix, concurrency: worker ? settings.concurrency : 0 },
    `queue: BullMQ on Redis (${settings.role === 'web' ? 'webhooks only; workers run elsewhere' : settings.role === 'worker' ? 'worker' : 'webhooks and a worker in this process'})`,
  );
  const probe: QueueProbe = {
    kind: 'redis',
    ready: () => queue.ready(),
    stats: async () => ({ ...(await queue.depth()), runningHere: worker?.active ?? 0 }),
  };
  return {
    queue,
    ...(worker ? { worker } : {}),
    probe,
    backoff,
    githubFor,
    async close() {
      if (sweeper) clearInterval(sweeper);
      await worker?.close();
      await queue.close();
    },
  };
}
