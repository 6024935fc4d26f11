import type { ApplicationFunction, Context, Probot } from 'probot';
import type { Config } from './config/schema.js';
import { createDryRunner } from './dry-run/dry-runner.js';
import type { SharedBaseStore } from './dry-run/replay/base-cache.js';
import type { DryRunner } from './dry-run/types.js';
import { review } from './engine/review.js';
import { appLlmDeps } from './llm/app-llm-deps.js';
import { onIssueComment, onReviewComment } from './github/comment-handler.js';
import { explainModelFromEnv } from './github/commands/explain-with-model.js';
import { healthHandler, inProcessProbe } from './github/health.js';
import { startDurableQueue, type DurableRuntime } from './queue/durable-runtime.js';
import { queueSettings } from './queue/queue-settings.js';
import {
  githubPacingWaitSeconds,
  githubRateLimitWaitSeconds,
  githubRateLimitWaitsTotal,
  githubRequestsTotal,
  recordReviewStats,
} from './queue/metrics.js';
import { onCheckRunAction, onCheckRunRerequested, onCheckSuiteRerequested, onPullRequest } from './github/pull-request-handler.js';
import { MemoryBackoff } from './github/installation-backoff.js';
import { MemoryPacing } from './github/write-pacing.js';
import { waitOnSecondaryRateLimits, type RateLimitOptions } from './github/rate-limits.js';
import { ReviewScheduler } from './github/scheduler.js';
import { preferBaselineWasm } from './runtime/memory-tuning.js';
import { servicesForDelivery, type ReviewServices } from './github/start-review.js';

/**
 * The GitHub App (Probot entry, `probot run ./dist/app.js` or `node dist/start.js`): registers the
 * handlers, nothing else. The handlers answer the webhook at once and leave the review to a queue:
 * BullMQ on Redis when REDIS_URL is set (workers in this process unless DBARCH_ROLE=web; see
 * docs/deploy.md), else an in-process queue.
 */
export interface AppOptions extends Partial<ReviewServices> {
  rateLimits?: RateLimitOptions;
  /** The durable queue's environment (REDIS_URL, DBARCH_ROLE …); `false`: in-process queue whatever the environment (tests). */
  queueEnv?: Readonly<Record<string, string | undefined>> | false;
  /**
   * The dry run for the default review: by default the CLI's policy (src/dry-run/dry-runner.ts:
   * embedded PGlite, or a scratch database on DBARCH_DRY_RUN_DATABASE_URL); `false` for none (tests).
   */
  dryRun?: false | ((config: Config) => DryRunner | false);
}

/**
 * The App's dry run: a spare sandbox between reviews, base states kept on disk when DBARCH_CACHE_DIR
 * says where, and in Redis for every worker with the durable queue (src/queue/shared-base-cache.ts).
 */
const defaultDryRun = (config: Config, sharedCache?: SharedBaseStore): DryRunner | false =>
  createDryRunner(
    // DBARCH_DRY_RUN=off: the operator runs the App without the dry run (a small machine, the queue's tests).
    {
      dryRun: process.env.DBARCH_DRY_RUN?.trim() !== 'off',
      prestart: true,
      cacheDir: process.env.DBARCH_CACHE_DIR?.trim() || undefined,
      ...(sharedCache ? { sharedCache } : {}),
    },
    config,
  );

export function createApp(
  options: AppOptions = {},
): ApplicationFunction & { services: ReviewServices; runtime: () => DurableRuntime | undefined } {
  preferBaselineWasm(); // before the parser's and PGlite's WebAssembly is compiled (memory-tuning.ts)
  const services: ReviewServices = {
    scheduler: options.scheduler ?? new ReviewScheduler({ concurrency: Number(process.env.DBARCH_CONCURRENCY) || 4 }),
    // The operator's environment decides the LLM part (OPENAI_API_KEY …), never the repository's config.
    // The dry run: the CLI's policy, a runner per review (its run() starts and closes its own sandbox or scratch database).
    review:
      options.review ??
      (async (changeset, config, origin) => {
        const result = await review(changeset, config, {
          ...appLlmDeps(config, process.env, {
            ...(origin?.installationId !== undefined ? { installationId: origin.installationId } : {}),
            ...(origin?.ledger ? { ledger: origin.ledger } : {}),
          }),
          ...appDryRun(options.dryRun, config, origin?.baseCache),
          ...(origin?.tableStats ? { tableStats: origin.tableStats } : {}),
        });
        recordReviewStats(result);
        return result;
      }),
    explainModel: options.explainModel ?? explainModelFromEnv,
  };
  let runtime: DurableRuntime | undefined;
  // Without Redis, the installations' rate-limit holds and write turns live in this process.
  const memoryBackoff = new MemoryBackoff(options.rateLimits?.now);
  const memoryPacing = new MemoryPacing(options.rateLimits?.now);
  const appFunction = (app: Probot, { addHandler }: { addHandler?: (handler: ReturnType<typeof healthHandler>) => void } = {}) => {
    const settings = options.queueEnv === false ? undefined : queueSettings(options.queueEnv ?? process.env);
    if (settings?.redisUrl) {
      runtime = startDurableQueue({
        app,
        settings,
        review: services.review,
        ...(options.rateLimits ? { rateLimits: options.rateLimits } : {}),
        ...(Number(process.env.APP_ID) > 0 ? { appId: Number(process.env.APP_ID) } : {}),
      });
      services.durable = runtime.queue;
    } else {
      app.log.info('queue: in-process (no REDIS_URL): reviews queued or running are lost if this process stops');
    }
    try {
      addHandler?.(healthHandler(runtime?.probe ?? inProcessProbe(services.scheduler)));
    } catch {
      app.log.debug('no HTTP server (tests, serverless): /healthz not added');
    }
    const deliveries = runtime?.queue.state ?? services.scheduler;
    // Every event: once per delivery id, with an Octokit that keeps its installation's GitHub limits (holds, write turns).
    const once =
      <E extends Context>(handler: (services: ReviewServices, context: E) => Promise<void>) =>
      async (context: E) => {
        const log = context.log.child({ delivery: context.id });
        if (!(await deliveries.firstDelivery(context.id))) {
          log.info('delivery seen before; ignored');
          return;
        }
        const installationId = (context.payload as { installation?: { id?: number } }).installation?.id;
        waitOnSecondaryRateLimits(context.octokit, {
          ...options.rateLimits,
          ...(installationId !== undefined
            ? {
                backoff: { installationId, store: runtime?.limits ?? memoryBackoff },
                pacing: options.rateLimits?.pacing ?? runtime?.limits ?? memoryPacing,
              }
            : {}),
          onPace: (milliseconds) => githubPacingWaitSeconds.inc(milliseconds / 1000),
          onWait: (seconds, route) => {
            githubRateLimitWaitsTotal.inc();
            githubRateLimitWaitSeconds.inc(seconds);
            log.warn({ seconds, route }, 'secondary rate limit: waiting');
          },
          onResponse: (method, status) => githubRequestsTotal.inc({ method, status: String(status) }),
        });
        try {
          await handler(servicesForDelivery(services, context.payload, context.id), Object.assign(context, { log }));
        } catch (error) {
          // A failed delivery may be redelivered (GitHub's "Redeliver"): it must not count as seen.
          await deliveries.forgetDelivery(context.id);
          throw error;
        }
      };
    app.on(
      ['pull_request.opened', 'pull_request.synchronize', 'pull_request.reopened', 'pull_request.ready_for_review'],
      once(onPullRequest),
    );
    app.on('issue_comment.created', once(onIssueComment));
    app.on('pull_request_review_comment.created', once(onReviewComment));
    app.on('check_run.rerequested', once(onCheckRunRerequested));
    app.on('check_run.requested_action', once(onCheckRunAction));
    app.on('check_suite.rerequested', once(onCheckSuiteRerequested));
  };
  return Object.assign(appFunction, { services, runtime: () => runtime });
}

function appDryRun(option: AppOptions['dryRun'], config: Config, sharedCache?: SharedBaseStore): { dryRun?: DryRunner } {
  const runner = option === false ? false : option ? option(config) : defaultDryRun(config, sharedCache);
  return runner ? { dryRun: runner } : {};
}

export default createApp();
