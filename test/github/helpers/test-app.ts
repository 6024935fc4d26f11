import { Probot } from 'probot';
import pino from 'pino';
import { createApp, type AppOptions } from '../../../src/app.js';
import { ReviewScheduler } from '../../../src/github/scheduler.js';
import { instantOctokit } from './test-octokit.js';

/**
 * A Probot with dbarch loaded, authenticated by token (no app JWT), with Probot's throttling and
 * retry plugins on but their waits taken out (see test-octokit.ts; `retry: false` turns retries
 * off), and a handle to wait until queued reviews have finished.
 */
export interface TestApp {
  probot: Probot;
  scheduler: ReviewScheduler;
  /** Delivers a webhook and waits until the reviews it queued are done. */
  receive(name: string, payload: unknown, id?: string): Promise<void>;
  waits: number[];
}

let deliveries = 0;

export async function createTestApp(options: AppOptions & { retry?: boolean } = {}): Promise<TestApp> {
  const scheduler = options.scheduler ?? new ReviewScheduler({ concurrency: 2 });
  const waits: number[] = [];
  let clock = Date.now();
  const Octokit = instantOctokit({ retry: options.retry ?? true });
  const probot = new Probot({ githubToken: 'test', Octokit, log: pino({ level: process.env.LOG_LEVEL ?? 'silent' }) });
  const app = createApp({
    // No LLM unless a test brings one (an OPENAI_API_KEY in the environment must not reach tests).
    explainModel: () => undefined,
    // No dry run unless a test brings one: PGlite would start in every review.
    dryRun: false,
    // The in-process queue, whatever REDIS_URL says (test/queue runs the durable one).
    queueEnv: false,
    ...options,
    scheduler,
    // Waits take no time: the clock moves by what was slept (installation holds expire as they would).
    // Writes are not paced here (the throttling plugin's instant limiters stand in): `waits` holds
    // what GitHub told the app to wait; write-pacing.test.ts tests the pacing.
    rateLimits: {
      sleep: async (milliseconds) => {
        waits.push(milliseconds);
        clock += milliseconds;
      },
      now: () => clock,
      pacing: false,
      ...options.rateLimits,
    },
  });
  await probot.load(app, { cwd: process.cwd(), addHandler: () => {} });
  return {
    probot,
    scheduler,
    waits,
    async receive(name, payload, id) {
      deliveries += 1;
      await probot.receive({ id: id ?? `delivery-${deliveries}`, name, payload } as Parameters<Probot['receive']>[0]);
      await scheduler.idle();
    },
  };
}
