import { describe, expect, test } from '@jest/globals';
import type { ReviewOrigin } from '../../src/github/run-review.js';
import { ordersSnapshot } from '../helpers/stats-snapshot.js';
import { useGitHubMock, type GitHubMock } from './helpers/github-mock.js';
import { INDEX_SQL, migration } from './helpers/scenarios.js';
import { createTestApp } from './helpers/test-app.js';
import { BASE_SHA, OWNER, pullRequestEvent, REPO } from './helpers/webhooks.js';

/**
 * Production statistics on the App: config `stats.path` is read from the pull request's base
 * commit (a pull request cannot shrink its own tables) and handed to the review; a file that is
 * not there is a note, and the review runs as without stats.
 */
let github: GitHubMock;
useGitHubMock((mock) => (github = mock));

const CONFIG = 'stats:\n  path: db/stats.json\n';
// A 40-row lookup table: too small for its index build to matter.
const STATS = ordersSnapshot({
  rows: 40,
  liveRows: 40,
  heapBytes: 8192,
  indexBytes: 16384,
  indexes: [],
  tuplesInserted: 40,
  indexScans: 0,
});

async function reviewWithStatsFile(status: number, body: unknown): Promise<{ origin?: ReviewOrigin; summary: string }> {
  let seen: ReviewOrigin | undefined;
  const { review } = await import('../../src/engine/review.js');
  const app = await createTestApp({
    review: async (changeset, config, origin) => {
      seen = origin;
      return review(changeset, config, origin?.tableStats ? { tableStats: origin.tableStats } : {});
    },
  });
  github.scope
    .get(
      (path) => path.startsWith(`/repos/${OWNER}/${REPO}/contents/db`) && path.includes('stats.json') && path.includes(`ref=${BASE_SHA}`),
    )
    .reply(status, body as object);
  github
    .createCheck()
    .context({ config: CONFIG })
    .files([migration('002_index.sql', INDEX_SQL)])
    .tree({ 'db/migrations/001_init.sql': 'CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint);\n' })
    .blobRequest()
    .updateCheck()
    .createReview()
    .createComment();
  await app.receive('pull_request', pullRequestEvent('opened'));
  expect(github.calls.map((call) => `${call.method} ${call.path}`)).toContain(
    `GET /repos/${OWNER}/${REPO}/contents/db%2Fstats.json?ref=${BASE_SHA}`,
  );
  return { origin: seen, summary: JSON.stringify(github.bodies('POST', '/issues/7/comments')) };
}

describe('the App with config stats.path', () => {
  test('reads the stats file from the base commit and reviews with it: an index on a 40-row table is a notice', async () => {
    const { origin, summary } = await reviewWithStatsFile(200, JSON.stringify(STATS));
    expect(origin?.tableStats?.tables.map((table) => `${table.schema}.${table.name}`)).toEqual(['public.orders']);
    expect(summary).toMatch(/40 rows/);
  });

  test('a stats file missing on the base branch is a note; the review runs without stats', async () => {
    const { origin, summary } = await reviewWithStatsFile(404, { message: 'Not Found' });
    expect(origin?.tableStats).toBeUndefined();
    expect(summary).toMatch(/stats\.path db\/stats\.json is not on the base branch/);
  });
});
