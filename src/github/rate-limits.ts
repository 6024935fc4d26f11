import type { GitHub } from './target.js';
import { requestStatus } from './request-status.js';
import type { InstallationBackoff } from './installation-backoff.js';

/**
 * Makes an Octokit wait out GitHub's secondary rate limits and try again. Probot's throttling
 * options only log them when the app runs under `probot run`, so the request that hit the limit
 * would fail; this wrapper sits outside Octokit's throttling and retry plugins and works with
 * whichever Octokit Probot built. 5xx responses are retried by Octokit's retry plugin.
 * With an installation and a back-off store, a wait holds every request of that installation
 * (in this process or, through Redis, in every worker), not only the one that was told to wait.
 */
export interface RateLimitOptions {
  sleep?: (milliseconds: number) => Promise<void>;
  /** Tries after the first request. */
  retries?: number;
  /** Seconds to wait when GitHub sends no retry-after header (GitHub's docs say at least a minute). */
  fallbackSeconds?: number;
  onWait?: (seconds: number, route: string) => void;
  /** Every request's method and answer status (metrics). */
  onResponse?: (method: string, status: number | 'error') => void;
  backoff?: { installationId: number; store: InstallationBackoff };
  /** Epoch milliseconds (tests move it with their `sleep`). */
  now?: () => number;
}

const wrapped = new WeakSet<object>();
const defaultSleep = (milliseconds: number) => new Promise<void>((resolve) => setTimeout(resolve, milliseconds));

export function waitOnSecondaryRateLimits(github: GitHub, options: RateLimitOptions = {}): GitHub {
  // Probot shares one Octokit across events when it runs with a token: wrap it once.
  if (wrapped.has(github)) return github;
  wrapped.add(github);
  const sleep = options.sleep ?? defaultSleep;
  const retries = options.retries ?? 3;
  const { backoff } = options;
  const now = options.now ?? Date.now;
  github.hook.wrap('request', async (request, requestOptions) => {
    let waited = false;
    for (let attempt = 0; ; attempt += 1) {
      // A request that has just waited out its own hold goes at once; others wait for the hold.
      if (backoff && !waited) {
        const held = (await backoff.store.heldUntil(backoff.installationId)) - now();
        if (held > 0) await sleep(held);
      }
      try {
        const response = await request(requestOptions);
        options.onResponse?.(requestOptions.method, response.status);
        return response;
      } catch (error) {
        options.onResponse?.(requestOptions.method, requestStatus(error) ?? 'error');
        const seconds = secondaryLimitWait(error, options.fallbackSeconds ?? 60);
        if (seconds === undefined || attempt >= retries) throw error;
        options.onWait?.(seconds, `${requestOptions.method} ${requestOptions.url}`);
        await backoff?.store.hold(backoff.installationId, now() + seconds * 1000);
        await sleep(seconds * 1000);
        waited = true;
      }
    }
  });
  return github;
}

/** Seconds to wait when an error is a secondary rate limit (403/429 saying so, or with retry-after). */
export function secondaryLimitWait(error: unknown, fallbackSeconds: number): number | undefined {
  const status = requestStatus(error);
  if (status !== 403 && status !== 429) return undefined;
  const { message = '', response } = error as { message?: string; response?: { headers?: Record<string, string | number | undefined> } };
  const retryAfter = Number(response?.headers?.['retry-after']);
  const remaining = response?.headers?.['x-ratelimit-remaining'];
  if (/secondary rate limit/i.test(message) || Number.isFinite(retryAfter))
    return Number.isFinite(retryAfter) ? retryAfter : fallbackSeconds;
  // A primary limit (remaining 0) is Octokit's throttling plugin's to handle.
  if (status === 429 && remaining !== '0') return fallbackSeconds;
  return undefined;
}
