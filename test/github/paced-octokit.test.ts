import { expect, test } from '@jest/globals';
import pino from 'pino';
import { Probot } from 'probot';
import { MemoryBackoff } from '../../src/github/installation-backoff.js';
import { PacedOctokit } from '../../src/github/paced-octokit.js';
import { waitOnSecondaryRateLimits } from '../../src/github/rate-limits.js';
import type { GitHub } from '../../src/github/target.js';
import { GitHubMock, useGitHubMock } from './helpers/github-mock.js';

/**
 * The Octokit the App runs with (src/start.ts): Octokit's plugins on, but the write pacing and the
 * 429 back-off are dbarch's, so they can be kept per installation and shared by the workers.
 */
let github: GitHubMock;
useGitHubMock((mock) => (github = mock));

const repo = { owner: 'acme', repo: 'shop' };
/** As Probot builds it in production: with its own throttle handlers (a secondary limit is only logged). */
const probotOctokit = async () =>
  (await new Probot({ githubToken: 'test', Octokit: PacedOctokit, log: pino({ level: 'silent' }) }).auth()) as unknown as GitHub;

test("the throttling plugin's own write and comment spacing is off: two comments go at once", async () => {
  github.scope.post('/repos/acme/shop/issues/7/comments').times(2).reply(201, { id: 1 });
  const octokit = await probotOctokit();
  const started = Date.now();
  await octokit.rest.issues.createComment({ ...repo, issue_number: 7, body: 'one' });
  await octokit.rest.issues.createComment({ ...repo, issue_number: 7, body: 'two' });
  github.assertDone();
  // Octokit's plugin would have held the second one 3 s.
  expect(Date.now() - started).toBeLessThan(1_500);
});

test('a 429 is not retried blind by the retry plugin: the installation holds for its retry-after, then the write goes again', async () => {
  let clock = 0;
  const slept: number[] = [];
  github.scope
    .post('/repos/acme/shop/check-runs')
    .reply(429, { message: 'You have exceeded a secondary rate limit.' }, { 'retry-after': '20' })
    .post('/repos/acme/shop/check-runs')
    .reply(201, { id: 5 });
  const store = new MemoryBackoff(() => clock);
  const octokit = waitOnSecondaryRateLimits(await probotOctokit(), {
    backoff: { installationId: 1, store },
    now: () => clock,
    sleep: async (milliseconds) => {
      slept.push(milliseconds);
      clock += milliseconds;
    },
  });
  const { data } = await octokit.rest.checks.create({ ...repo, name: 'dbarch', head_sha: 'a'.repeat(40) });
  github.assertDone();
  expect(data.id).toBe(5);
  expect(slept).toEqual([20_000]);
});
