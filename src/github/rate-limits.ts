import type { GitHub } from './target.js';
import { requestStatus } from './request-status.js';

/**
 * Makes an Octokit wait out GitHub's secondary rate limits and try again. Probot's throttling
 * options only log them when the app runs under `probot run`, so the request that hit the limit
 * would fail; this wrapper sits outside Octokit's throttling and retry plugins and works with
 * whichever Octokit Probot built. 5xx responses are retried by Octokit's retry plugin.
 */
export interface RateLimitOptions {
  sleep?: (milliseconds: number) => Promise<void>;
  /** Tries after the first request. */
  retries?: number;
  /** Seconds to wait when GitHub sends no retry-after header (GitHub's docs say at least a minute). */
  fallbackSeconds?: number;
  onWait?: (seconds: number, route: string) => void;
}

const wrapped = new WeakSet<object>();
const defaultSleep = (milliseconds: number) => new Promise<void>((resolve) => setTimeout(resolve, milliseconds));

export function waitOnSecondaryRateLimits(github: GitHub, options: RateLimitOptions = {}): GitHub {
  // Probot shares one Octokit across events when it runs with a token: wrap it once.
  if (wrapped.has(github)) return github;
  wrapped.add(github);
  const sleep = options.sleep ?? defaultSleep;
  const retries = options.retries ?? 3;
  github.hook.wrap('request', async (request, requestOptions) => {
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await request(requestOptions);
      } catch (error) {
        const seconds = secondaryLimitWait(error, options.fallbackSeconds ?? 60);
        if (seconds === undefined || attempt >= retries) throw error;
        options.onWait?.(seconds, `${requestOptions.method} ${requestOptions.url}`);
        await sleep(seconds * 1000);
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
