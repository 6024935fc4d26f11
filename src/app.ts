import type { ApplicationFunction, Context, Probot } from 'probot';
import type { Config } from './config/schema.js';
import { createDryRunner } from './dry-run/dry-runner.js';
import type { DryRunner } from './dry-run/types.js';
import { review } from './engine/review.js';
import { appLlmDeps } from './llm/app-llm-deps.js';
import { onIssueComment, onReviewComment } from './github/comment-handler.js';
import { explainModelFromEnv } from './github/commands/explain-with-model.js';
import { healthHandler } from './github/health.js';
import { onCheckRunRerequested, onPullRequest } from './github/pull-request-handler.js';
import { waitOnSecondaryRateLimits, type RateLimitOptions } from './github/rate-limits.js';
import { ReviewScheduler } from './github/scheduler.js';
import { preferBaselineWasm } from './runtime/memory-tuning.js';
import { servicesForDelivery, type ReviewServices } from './github/start-review.js';

/**
 * The GitHub App (Probot entry, `probot run ./dist/app.js`): registers the handlers, nothing else.
 * The handlers answer the webhook at once and leave the review to an in-process queue.
 */
export interface AppOptions extends Partial<ReviewServices> {
  rateLimits?: RateLimitOptions;
  /**
   * The dry run for the default review: by default the CLI's policy (src/dry-run/dry-runner.ts:
   * embedded PGlite, or a scratch database on DBARCH_DRY_RUN_DATABASE_URL); `false` for none (tests).
   */
  dryRun?: false | ((config: Config) => DryRunner | false);
}

/** The App's dry run: a spare sandbox between reviews, base states kept on disk when DBARCH_CACHE_DIR says where. */
const defaultDryRun = (config: Config): DryRunner | false =>
  createDryRunner({ dryRun: true, prestart: true, cacheDir: process.env.DBARCH_CACHE_DIR?.trim() || undefined }, config);

export function createApp(options: AppOptions = {}): ApplicationFunction & { services: ReviewServices } {
  preferBaselineWasm(); // before the parser's and PGlite's WebAssembly is compiled (memory-tuning.ts)
  const services: ReviewServices = {
    scheduler: options.scheduler ?? new ReviewScheduler({ concurrency: Number(process.env.DBARCH_CONCURRENCY) || 4 }),
    // The operator's environment decides the LLM part (OPENAI_API_KEY …), never the repository's config.
    // The dry run: the CLI's policy, a runner per review (its run() starts and closes its own sandbox or scratch database).
    review:
      options.review ??
      ((changeset, config, origin) =>
        review(changeset, config, {
          ...appLlmDeps(config, process.env, { installationId: origin?.installationId }),
          ...appDryRun(options.dryRun, config),
        })),
    explainModel: options.explainModel ?? explainModelFromEnv,
  };
  const appFunction = (app: Probot, { addHandler }: { addHandler?: (handler: ReturnType<typeof healthHandler>) => void } = {}) => {
    try {
      addHandler?.(healthHandler(services.scheduler));
    } catch {
      app.log.debug('no HTTP server (tests, serverless): /healthz not added');
    }
    // Every event: once per delivery id, with an Octokit that waits out secondary rate limits.
    const once =
      <E extends Context>(handler: (services: ReviewServices, context: E) => Promise<void>) =>
      async (context: E) => {
        if (!services.scheduler.firstDelivery(context.id)) {
          context.log.info({ delivery: context.id }, 'delivery seen before; ignored');
          return;
        }
        waitOnSecondaryRateLimits(context.octokit, {
          ...options.rateLimits,
          onWait: (seconds, route) => context.log.warn({ seconds, route }, 'secondary rate limit: waiting'),
        });
        try {
          await handler(servicesForDelivery(services, context.payload), context);
        } catch (error) {
          // A failed delivery may be redelivered (GitHub's "Redeliver"): it must not count as seen.
          services.scheduler.forgetDelivery(context.id);
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
  };
  return Object.assign(appFunction, { services });
}

function appDryRun(option: AppOptions['dryRun'], config: Config): { dryRun?: DryRunner } {
  const runner = option === false ? false : (option ?? defaultDryRun)(config);
  return runner ? { dryRun: runner } : {};
}

export default createApp();
