import { afterEach, expect, test } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { healthHandler, type QueueProbe } from '../../src/github/health.js';
import { reviewsTotal } from '../../src/queue/metrics.js';

/** The operations endpoints on a real HTTP server (loopback). */
let server: Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

async function serve(probe: QueueProbe): Promise<string> {
  const handle = healthHandler(probe);
  server = createServer((request, response) => {
    if (!handle(request, response)) response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

test('/healthz answers with the queue state; /readyz is 503 while the queue is unreachable; other paths are not taken', async () => {
  let reachable = false;
  const url = await serve({ kind: 'redis', ready: async () => reachable, stats: async () => ({ waiting: 3, active: 1 }) });
  const health = await fetch(`${url}/healthz`);
  expect(health.status).toBe(200);
  expect(await health.json()).toEqual({ status: 'ok', queue: 'redis', waiting: 3, active: 1 });
  expect((await fetch(`${url}/readyz`)).status).toBe(503);
  reachable = true;
  expect(await (await fetch(`${url}/readyz`)).json()).toEqual({ status: 'ready', queue: 'redis' });
  expect((await fetch(`${url}/api/github/webhooks`)).status).toBe(404);
});

test('/metrics serves the Prometheus text with the review counters', async () => {
  reviewsTotal.inc({ outcome: 'success' });
  const url = await serve({ kind: 'in-process', ready: async () => true, stats: async () => ({}) });
  const response = await fetch(`${url}/metrics`);
  expect(response.headers.get('content-type')).toContain('text/plain');
  const text = await response.text();
  expect(text).toMatch(/^dbarch_reviews_total\{outcome="success"\} [1-9]/m);
  for (const name of [
    'dbarch_queue_wait_seconds',
    'dbarch_github_requests_total',
    'dbarch_llm_cost_usd_total',
    'dbarch_dry_run_duration_seconds',
  ])
    expect(text).toContain(`# TYPE ${name}`);
});
