import { expect, test } from '@jest/globals';
import { MemoryBackoff } from '../../src/github/installation-backoff.js';
import { waitOnSecondaryRateLimits } from '../../src/github/rate-limits.js';
import type { GitHub } from '../../src/github/target.js';
import { GitHubMock, useGitHubMock } from './helpers/github-mock.js';
import { instantOctokit } from './helpers/test-octokit.js';

/**
 * GitHub warns that an integration that keeps sending requests while secondary-rate-limited can be
 * banned: once one request of an installation is told to wait, every request of that installation
 * waits — other Octokits (other deliveries, other workers through Redis) included.
 */
let github: GitHubMock;
useGitHubMock((mock) => (github = mock));

const Octokit = instantOctokit({ retry: false });

test('a secondary rate limit on one request holds the next requests of the same installation, not of another', async () => {
  const store = new MemoryBackoff();
  const slept: [string, number][] = [];
  const octokitFor = (name: string, installationId: number) =>
    // Throttling off: the wrapper is what handles the limit here (Probot's own handler only logs it).
    waitOnSecondaryRateLimits(new Octokit({ auth: 'test', throttle: { enabled: false } }) as unknown as GitHub, {
      backoff: { installationId, store },
      sleep: async (milliseconds) => void slept.push([name, milliseconds]),
    });
  const limited = octokitFor('limited', 1);
  const sameInstallation = octokitFor('same installation', 1);
  const otherInstallation = octokitFor('other installation', 2);
  github.scope
    .get('/repos/acme/shop/pulls/7')
    .reply(403, { message: 'You have exceeded a secondary rate limit.' }, { 'retry-after': '30' })
    .get('/repos/acme/shop/pulls/7')
    .times(3)
    .reply(200, { number: 7 });

  await limited.rest.pulls.get({ owner: 'acme', repo: 'shop', pull_number: 7 });
  await sameInstallation.rest.pulls.get({ owner: 'acme', repo: 'shop', pull_number: 7 });
  await otherInstallation.rest.pulls.get({ owner: 'acme', repo: 'shop', pull_number: 7 });
  github.assertDone();

  expect(slept[0]).toEqual(['limited', 30_000]);
  expect(slept.map(([name]) => name)).toEqual(['limited', 'same installation']);
  // What is left of the 30 s hold when the second request came.
  expect(slept[1]![1]).toBeGreaterThan(29_000);
});
