import { afterAll, expect, test } from '@jest/globals';
import nock from 'nock';
import type { ReviewOrigin } from '../../src/github/run-review.js';
import { GitHubMock, useGitHubMock } from './helpers/github-mock.js';
import { expectReview, migration, SAFE_SQL } from './helpers/scenarios.js';
import { createTestApp } from './helpers/test-app.js';
import { pullRequestEvent } from './helpers/webhooks.js';

/** The App reviews a pull request for its installation, whose daily LLM budget the review spends. */
let github: GitHubMock;
useGitHubMock((mock) => (github = mock));
afterAll(() => nock.restore());

test('the review function gets the installation id of the webhook delivery', async () => {
  const { review } = await import('../../src/engine/review.js');
  const origins: (ReviewOrigin | undefined)[] = [];
  const app = await createTestApp({
    review: async (changeset, config, origin) => {
      origins.push(origin);
      return review(changeset, config);
    },
  });
  expectReview(github, [migration('002_safe.sql', SAFE_SQL)]).createComment();
  await app.receive('pull_request', pullRequestEvent('opened'));
  github.assertDone();
  expect(origins).toEqual([{ installationId: 1 }]);
});
