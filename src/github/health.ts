import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ReviewScheduler } from './scheduler.js';

/** `GET /healthz`: 200 with the queue's state while the process can take webhooks. */
export function healthHandler(scheduler: ReviewScheduler) {
  return (request: IncomingMessage, response: ServerResponse): boolean => {
    const path = (request.url ?? '').split('?')[0];
    if (path !== '/healthz' || (request.method !== 'GET' && request.method !== 'HEAD')) return false;
    response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    response.end(JSON.stringify({ status: 'ok', ...scheduler.stats() }));
    return true;
  };
}
