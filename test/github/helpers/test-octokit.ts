import { ProbotOctokit } from 'probot';

/**
 * Probot's Octokit as the app gets it in production (throttling and retry plugins on, Probot's own
 * rate-limit handlers), with the waiting taken out so a mocked request takes milliseconds:
 *
 * - @octokit/plugin-throttling spaces writes and GraphQL requests 1 s apart and comment-creating
 *   writes 3 s apart (Bottleneck groups with `minTime`, shared by the whole process). Here its
 *   limiter groups run every job at once; its rate-limit handling (the `failed` handler on its
 *   retry limiter, Probot's onRateLimit/onSecondaryRateLimit) stays, its waits are milliseconds.
 * - @octokit/plugin-retry waits `retryAfterBaseValue` (1 s) × n² before retry n: 1 ms × n² here.
 *
 * `ProbotOctokit.defaults({ throttle: { enabled: false } })` does not work: Probot passes its own
 * throttle options (without `enabled`) when it builds the Octokit, and ProbotOctokit's defaults turn
 * `enabled` back on. A defaults *function* runs after Probot's and has the last word.
 */
type Job = (...args: unknown[]) => unknown;

/** Bottleneck.Group's surface as the throttling plugin uses it, without limits. */
export const IMMEDIATE_GROUP = {
  key: () => ({
    schedule: (...args: unknown[]): Promise<unknown> => {
      const [first, ...rest] = args;
      const job = (typeof first === 'function' ? first : rest.shift()) as Job;
      return Promise.resolve().then(() => job(...rest));
    },
  }),
};

export const INSTANT_THROTTLE = {
  global: IMMEDIATE_GROUP,
  auth: IMMEDIATE_GROUP,
  write: IMMEDIATE_GROUP,
  search: IMMEDIATE_GROUP,
  notifications: IMMEDIATE_GROUP,
  /** Milliseconds per second of retry-after the throttling plugin waits on a primary limit. */
  retryAfterBaseValue: 1,
};

export function instantOctokit(options: { retry?: boolean } = {}): typeof ProbotOctokit {
  return ProbotOctokit.defaults((instance: { retry?: object; throttle?: object }) => ({
    ...instance,
    retry: options.retry === false ? { enabled: false } : { ...instance.retry, retryAfterBaseValue: 1 },
    throttle: { ...instance.throttle, ...INSTANT_THROTTLE },
  }));
}
