import { ProbotOctokit } from 'probot';

/**
 * Probot's Octokit with GitHub's write pacing and its 429 back-off left to dbarch
 * (src/github/rate-limits.ts), which keeps them per installation and, with Redis, shared by every
 * worker. What stays of Octokit's plugins: the throttling plugin's concurrency limits and its
 * handling of the primary rate limit, and the retry plugin for 5xx answers.
 *
 * - The throttling plugin's `write` and `notifications` limiters (1 s between writes, 3 s between
 *   comments, in this process only) are replaced by ones that run every job at once: pacing twice
 *   would add the process's own spacing, unseen by the other workers, on top of the shared turns.
 * - 429 is not retried by the retry plugin: it would retry a secondary rate limit after 1, 4 and
 *   9 s whatever `retry-after` says, and without the installation's hold.
 *
 * A defaults function, because Probot passes its own throttle options when it builds an Octokit
 * (an object given to `defaults` would be overwritten).
 */
type Job = (...args: unknown[]) => unknown;

/** The surface of Bottleneck.Group the throttling plugin uses (`key(id).schedule(options, job)`), without a limit. */
const UNLIMITED = {
  key: () => ({
    schedule: (...args: unknown[]): Promise<unknown> => {
      const [first, ...rest] = args;
      const job = (typeof first === 'function' ? first : rest.shift()) as Job;
      return Promise.resolve().then(() => job(...rest));
    },
  }),
};

/** @octokit/plugin-retry's default, and 429. */
const DO_NOT_RETRY = [400, 401, 403, 404, 410, 422, 429, 451];

export const PacedOctokit = ProbotOctokit.defaults((instance: { retry?: object; throttle?: object }) => ({
  ...instance,
  throttle: { ...instance.throttle, write: UNLIMITED, notifications: UNLIMITED },
  retry: { ...instance.retry, doNotRetry: DO_NOT_RETRY },
}));
