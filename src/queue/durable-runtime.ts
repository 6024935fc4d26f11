import type { Probot } from 'probot';
import type { QueueProbe } from '../github/health.js';
import { waitOnSecondaryRateLimits, type RateLimitOptions } from '../github/rate-limits.js';
import type { ReviewFunction } from '../github/run-review.js';
import type { GitHub } from '../github/target.js';
import { DurableQueue } from './durable-queue.js';
import { githubPacingWaitSeconds, githubRateLimitWaitSeconds, githubRateLimitWaitsTotal, githubRequestsTotal } from './metrics.js';
import type { QueueSettings } from './queue-settings.js';
import { ReviewWorker } from './review-worker.js';
import { RedisBaseCache } from './shared-base-cache.js';
import { SharedGitHubLimits } from './shared-github-limits.js';
import { SharedSpend } from './shared-spend.js';
import { sweepGitHubChecks } from './github-sweep.js';
import { sweepHungChecks } from './sweeper.js';

/**
 * The App on Redis: the queue the webhook handlers add to, and — unless DBARCH_ROLE=web — a worker
 * and the hung-check sweeper in this process. `close()` is the graceful shutdown (SIGTERM).
 */
export interface DurableRuntime {
  queue: DurableQueue;
  worker?: ReviewWorker;
  probe: QueueProbe;
  /** GitHub's limits per installation (holds, write turns), shared by every process through Redis. */
  limits: SharedGitHubLimits;
  githubFor: (installationId: number) => Promise<GitHub>;
  close(): Promise<void>;
}

export function startDurableQueue(options: {
  app: Probot;
  settings: QueueSettings;
  review: ReviewFunction;
  rateLimits?: RateLimitOptions;
  /** The App's id (APP_ID): the GitHub sweep looks only at this app's check runs. */
  appId?: number;
}): DurableRuntime {
  const { app, settings } = options;
  const queue = DurableQueue.connect(settings);
  const limits = new SharedGitHubLimits(queue.redis, settings.prefix);
  const log = app.log.child({ role: settings.role });
  const githubFor = async (installationId: number): Promise<GitHub> =>
    waitOnSecondaryRateLimits((await app.auth(installationId)) as GitHub, {
      ...options.rateLimits,
      backoff: { installationId, store: limits },
      pacing: options.rateLimits?.pacing ?? limits,
      onPace: (milliseconds) => githubPacingWaitSeconds.inc(milliseconds / 1000),
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
          ...(settings.baseCacheMb > 0
            ? { baseCache: new RedisBaseCache(queue.redis, settings.prefix, settings.baseCacheMb * 1024 * 1024, log) }
            : {}),
          githubFor,
          review: options.review,
          log,
        });
  const sweepEvery = Math.min(60_000, Math.max(1_000, Math.floor(settings.sweepAfterMs / 2)));
  const sweep = async () => {
    if (await queue.state.claimSweep('redis', sweepEvery))
      await sweepHungChecks({ state: queue.state, queue: queue.queue, githubFor, afterMs: settings.sweepAfterMs, log });
    // Asking GitHub costs requests per repository: once per DBARCH_SWEEP_AFTER_MS for the whole deployment.
    if (await queue.state.claimSweep('github', settings.sweepAfterMs)) {
      const found = await sweepGitHubChecks({
        appGitHub: async () => (await app.auth()) as GitHub,
        githubFor,
        queue,
        ...(options.appId !== undefined ? { appId: options.appId } : {}),
        afterMs: settings.sweepAfterMs,
        log,
      });
      log.info(found, 'swept the check runs GitHub lists as in progress');
    }
  };
  const sweeper = worker
    ? setInterval(() => void sweep().catch((error: unknown) => log.error({ err: error }, 'sweep failed')), sweepEvery).unref()
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
    limits,
    githubFor,
    async close() {
      if (sweeper) clearInterval(sweeper);
      await worker?.close();
      await queue.close();
    },
  };
}
