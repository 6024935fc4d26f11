import { createProbot, run } from 'probot';
import app from './app.js';
import { startDurableQueue } from './queue/durable-runtime.js';
import { queueSettings } from './queue/queue-settings.js';

/**
 * The process entry of the Docker image and `npm start`/`npm run worker` (docs/deploy.md):
 * - DBARCH_ROLE=all (default) or web: Probot's server (webhooks, /healthz, /readyz, /metrics) with
 *   the app; with `all` and REDIS_URL a worker runs in the same process;
 * - DBARCH_ROLE=worker: reviews from the Redis queue, no webhook server.
 * SIGTERM and SIGINT shut down gracefully: no new jobs, running reviews finish or are handed back.
 */
const settings = queueSettings();

if (settings.role === 'worker') {
  const probot = createProbot();
  const runtime = startDurableQueue({ app: probot, settings, review: app.services.review });
  onStop(() => runtime.close());
} else {
  const server = await run(app);
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
