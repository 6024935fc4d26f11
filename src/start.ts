import { createServer } from 'node:http';
import pino from 'pino';
import { createProbot, run } from 'probot';
import app from './app.js';
import { PacedOctokit } from './github/paced-octokit.js';
import { healthHandler } from './github/health.js';
import { startDurableQueue } from './queue/durable-runtime.js';
import { queueSettings } from './queue/queue-settings.js';

/**
 * The process entry of the Docker image and `npm start`/`npm run worker` (docs/deploy.md):
 * - DBARCH_ROLE=all (default) or web: Probot's server (webhooks, /healthz, /readyz, /metrics) with
 *   the app; with `all` and REDIS_URL a worker runs in the same process;
 * - DBARCH_ROLE=worker: reviews from the Redis queue; on PORT only /healthz, /readyz and /metrics.
 * SIGTERM and SIGINT shut down gracefully: no new jobs, running reviews finish or are handed back.
 */
const settings = queueSettings();
/**
 * Probot would hand REDIS_URL to Octokit's throttling (Bottleneck clustered in Redis). A worker
 * killed mid-request keeps its slot in those shared limiters, and the installation's requests on
 * the other workers then stall behind it. dbarch keeps GitHub's limits per installation itself,
 * shared through Redis (write turns and holds: src/queue/shared-github-limits.ts), and Probot's
 * Octokit is built without the throttling plugin's own per-process write pacing (PacedOctokit).
 */
const probotEnv = { ...process.env, REDIS_URL: '' };

if (settings.role === 'worker') {
  // Probot builds its logger lazily; the worker logs before the first request, so it brings its own.
  const log = pino({ level: process.env.LOG_LEVEL?.trim() || 'info' });
  const probot = createProbot({ env: probotEnv, overrides: { log, Octokit: PacedOctokit } });
  const runtime = startDurableQueue({ app: probot, settings, review: app.services.review });
  // No webhooks here, but the same /healthz, /readyz and /metrics for probes and Prometheus.
  const handle = healthHandler(runtime.probe);
  const server = createServer((request, response) => {
    if (!handle(request, response)) response.writeHead(404).end();
  }).listen(Number(process.env.PORT?.trim() || 3000), process.env.HOST || '0.0.0.0');
  onStop(async () => {
    server.close();
    await runtime.close();
    log.info('worker stopped');
    // pino writes asynchronously: what the shutdown logged must reach stdout before the exit.
    await new Promise<void>((resolve) => log.flush(() => resolve()));
  });
} else {
  const server = await run(app, { env: probotEnv, Octokit: PacedOctokit });
  onStop(async () => {
    await app.runtime()?.close();
    await server.stop();
  });
}

function onStop(stop: () => Promise<void>): void {
  let stopping = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      stop().then(
        () => process.exit(0),
        (error: unknown) => {
          console.error('shutdown failed', error);
          process.exit(1);
        },
      );
    });
  }
}
