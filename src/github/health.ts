import type { IncomingMessage, ServerResponse } from 'node:http';
import { registry } from '../queue/metrics.js';
import type { ReviewScheduler } from './scheduler.js';

/**
 * The operations endpoints next to the webhook route:
 * - `GET /healthz`: liveness, 200 with the queue's state while the process can take webhooks;
 * - `GET /readyz`: readiness, 200 when the queue is reachable (Redis answers), 503 otherwise;
 * - `GET /metrics`: Prometheus metrics (src/queue/metrics.ts).
 */
export interface QueueProbe {
  kind: 'in-process' | 'redis';
  ready(): Promise<boolean>;
  stats(): Promise<Record<string, number>>;
}

export function inProcessProbe(scheduler: ReviewScheduler): QueueProbe {
  return { kind: 'in-process', ready: async () => true, stats: async () => scheduler.stats() };
}

export function healthHandler(probe: QueueProbe) {
  return (request: IncomingMessage, response: ServerResponse): boolean => {
    const path = (request.url ?? '').split('?')[0];
    if (request.method !== 'GET' && request.method !== 'HEAD') return false;
    if (path === '/healthz') void answer(response, async () => [200, { status: 'ok', queue: probe.kind, ...(await statsOf(probe)) }]);
    else if (path === '/readyz')
      void answer(response, async () => {
        const ready = await probe.ready();
        return [ready ? 200 : 503, { status: ready ? 'ready' : 'queue unreachable', queue: probe.kind }];
      });
    else if (path === '/metrics') void metrics(response);
    else return false;
    return true;
  };
}

async function statsOf(probe: QueueProbe): Promise<Record<string, number>> {
  return probe.stats().catch(() => ({}));
}

async function answer(response: ServerResponse, body: () => Promise<[number, unknown]>): Promise<void> {
  const [status, json] = await body().catch((error: unknown) => [503, { status: 'error', error: String(error) }] as [number, unknown]);
  response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  response.end(JSON.stringify(json));
}

async function metrics(response: ServerResponse): Promise<void> {
  const text = await registry.metrics();
  response.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' });
  response.end(text);
}
