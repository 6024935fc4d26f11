import type { GitHub } from './target.js';
import { requestStatus } from './request-status.js';
import type { InstallationBackoff } from './installation-backoff.js';
import { pacedKind, type PacedKind, type WritePacing } from './write-pacing.js';

/**
 * GitHub's limits for the Octokit of one installation. It waits out secondary rate limits and
 * tries again (Probot's throttling options only log them, so the request that hit the limit would
 * fail). With a back-off store, a wait holds every request of that installation (in this process
 * or, through Redis, in every worker), not only the one that was told to wait. With a pacing store,
 * each write takes the installation's next turn (src/github/write-pacing.ts) after any hold, and a
 * hold that began while it waited for its turn is waited out too. The wrapper sits outside
 * Octokit's throttling and retry plugins and works with whichever Octokit Probot built
 * (src/github/paced-octokit.ts leaves the pacing to it). 5xx responses are retried by Octokit's
 * retry plugin.
 *
 * The hold and the turn are checked in the request's `fetch`, right before each attempt goes to
 * the network, not where the wrapper first sees the request: between the two, the installation's
 * auth hook may have to fetch an access token, and Octokit's plugins may retry (5xx, a 401 just
 * after the token was made). A turn taken before those would be spent by then, and the writes that
 * waited for the same token would go together; taken in `fetch`, every attempt has its own.
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
  /** Turns for the writes of `backoff`'s installation; `false` or absent: writes are not paced here. */
  pacing?: WritePacing | false;
  /** Milliseconds a write waited for its turn (metrics). */
  onPace?: (milliseconds: number) => void;
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
  const clock = { ...options, sleep, now };
  github.hook.wrap('request', async (request, requestOptions) => {
    const kind = options.pacing ? pacedKind(requestOptions) : undefined;
    const paced = kind && options.pacing ? { kind, pacing: options.pacing } : undefined;
    // A request that has just waited out its own hold goes at once; others wait for the hold.
    let skipHold = false;
    if (backoff) {
      const send = requestOptions.request.fetch ?? globalThis.fetch;
      const fetchWhenClear: typeof fetch = async (input, init) => {
        const skip = skipHold;
        skipHold = false;
        await clearToSend(backoff, paced, skip, clock);
        return send(input, init);
      };
      // Every attempt of this request (Octokit's retries too) goes through this fetch.
      requestOptions.request = { ...requestOptions.request, fetch: fetchWhenClear };
    }
    for (let attempt = 0; ; attempt += 1) {
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
        skipHold = true;
      }
    }
  });
  return github;
}

/**
 * Waits until the installation may send: no hold in force and, for a write, its turn. A hold that
 * began while a write waited for its turn is waited out and a new turn taken, so the writes it
 * held back do not all go at once when it ends. A write that woke up well after its turn (a busy
 * event loop) takes a new one too: the next turn, maybe another worker's, is already less than a
 * second away.
 */
async function clearToSend(
  backoff: NonNullable<RateLimitOptions['backoff']>,
  paced: { kind: PacedKind; pacing: WritePacing } | undefined,
  skipHold: boolean,
  clock: Pick<RateLimitOptions, 'onPace'> & { sleep: (milliseconds: number) => Promise<void>; now: () => number },
): Promise<void> {
  const heldFor = async () => (await backoff.store.heldUntil(backoff.installationId)) - clock.now();
  for (let round = 0, skip = skipHold; ; round += 1, skip = false) {
    const held = skip ? 0 : await heldFor();
    if (held > 0) await clock.sleep(held);
    if (!paced) return;
    const turn = await paced.pacing.reserve(backoff.installationId, paced.kind);
    const due = clock.now() + turn;
    if (turn > 0) {
      clock.onPace?.(turn);
      await clock.sleep(turn);
    }
    const late = clock.now() - due > LATE_MS && round < MAX_LATE_ROUNDS;
    if (!late && (await heldFor()) <= 0) return;
  }
}

/** Woken this much after its turn, a write takes a new one (at most MAX_LATE_ROUNDS times, then it goes). */
const LATE_MS = 100;
const MAX_LATE_ROUNDS = 3;

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
