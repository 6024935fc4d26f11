import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { DurableQueue } from '../../src/queue/durable-queue.js';
import { sweepGitHubChecks } from '../../src/queue/github-sweep.js';
import { checksRequeuedTotal } from '../../src/queue/metrics.js';
import { queueSettings } from '../../src/queue/queue-settings.js';
import type { GitHub } from '../../src/github/target.js';
import { GitHubMock, useGitHubMock } from '../github/helpers/github-mock.js';
import { instantOctokit } from '../github/helpers/test-octokit.js';
import { BASE_SHA, OWNER, REPO } from '../github/helpers/webhooks.js';

/**
 * Never hung when Redis has forgotten: check runs left in progress are found by asking GitHub
 * (real Redis for the queue; GitHub mocked at the HTTP edge, each request checked against GitHub's
 * REST description).
 */
const redisUrl = process.env.REDIS_URL;
const describeRedis = redisUrl ? describe : describe.skip;
if (!redisUrl) console.warn('test/queue: REDIS_URL is not set; the GitHub sweep tests are skipped');

let github: GitHubMock;
useGitHubMock((mock) => (github = mock));

let queue: DurableQueue;
beforeAll(() => {
  if (!redisUrl) return;
  queue = DurableQueue.connect(
    queueSettings({ REDIS_URL: redisUrl, DBARCH_QUEUE_PREFIX: `dbarch-h13-github-sweep-${randomBytes(4).toString('hex')}` }),
  );
});
afterAll(async () => {
  if (!redisUrl) return;
  await queue.queue.obliterate({ force: true });
  const keys = await queue.redis.keys(`${queue.settings.prefix}:*`);
  if (keys.length > 0) await queue.redis.del(...keys);
  await queue.close();
});

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const now = Date.parse('2026-03-02T12:00:00Z');
const iso = (ago: number) => new Date(now - ago).toISOString();
const sha = (letter: string) => letter.repeat(40);
const Octokit = instantOctokit({ retry: false });
const octokit = async () => new Octokit({ auth: 'test' }) as unknown as GitHub;
const sweep = () =>
  sweepGitHubChecks({
    appGitHub: octokit,
    githubFor: octokit,
    queue,
    appId: 42,
    afterMs: 30 * MINUTE,
    log: pino({ level: 'silent' }),
    now: () => now,
  });

const pull = (number: number, head: string, updatedAgo: number) => ({
  number,
  state: 'open',
  draft: false,
  updated_at: iso(updatedAgo),
  head: { sha: sha(head) },
  base: { sha: BASE_SHA },
});
const runs = (head: string, ...checkRuns: { id: number; status: string; startedAgo: number }[]) =>
  github.scope
    .get(`/repos/${OWNER}/${REPO}/commits/${sha(head)}/check-runs`)
    .query({ check_name: 'dbarch', filter: 'latest', app_id: '42' })
    .reply(200, {
      total_count: checkRuns.length,
      check_runs: checkRuns.map((run) => ({ id: run.id, name: 'dbarch', status: run.status, started_at: iso(run.startedAgo) })),
    });

/** GitHub's answers for installation 9001 holding `repositories`, and the open pull requests of REPO. */
const listed = (repositories: object[], pulls: object[]) => {
  github.scope
    .get('/app/installations')
    .query({ per_page: '100' })
    .reply(200, [{ id: 9001, account: { login: OWNER } }]);
  github.scope.get('/installation/repositories').query({ per_page: '100' }).reply(200, { total_count: repositories.length, repositories });
  github.scope
    .get(`/repos/${OWNER}/${REPO}/pulls`)
    .query({ state: 'open', sort: 'updated', direction: 'desc', per_page: '100' })
    .reply(200, pulls);
};

describeRedis('GitHub sweep', () => {
  test('an unfinished dbarch run Redis does not know is queued again on the same run; young, known, completed and stale ones are not', async () => {
    // Run 503 is known: its job is listed in Redis.
    await queue.state.trackInFlight({ checkRunId: 503, jobId: 'listed', startedAt: now - 40 * MINUTE, request: '{}' });
    listed(
      [
        { id: 1, name: REPO, full_name: `${OWNER}/${REPO}`, owner: { login: OWNER }, archived: false },
        { id: 2, name: 'attic', full_name: `${OWNER}/attic`, owner: { login: OWNER }, archived: true },
      ],
      [
        pull(7, 'c', 10 * MINUTE), // hung 45 minutes: queued again
        pull(8, 'd', 2 * MINUTE), // 5 minutes: may still be running
        pull(9, 'e', 3 * DAY), // listed in Redis: the Redis sweep's
        pull(10, 'f', 4 * DAY), // completed
        pull(11, '1', 20 * DAY), // older than GitHub's 14 days: GitHub marks it stale; not asked
      ],
    );
    runs('c', { id: 501, status: 'in_progress', startedAgo: 45 * MINUTE });
    runs('d', { id: 502, status: 'in_progress', startedAgo: 5 * MINUTE });
    runs('e', { id: 503, status: 'in_progress', startedAgo: 40 * MINUTE });
    runs('f', { id: 504, status: 'completed', startedAgo: 50 * MINUTE });

    const counted = async () => (await checksRequeuedTotal.get()).values[0]?.value ?? 0;
    const before = await counted();
    expect(await sweep()).toEqual({ installations: 1, pulls: 4, requeued: 1 });
    github.assertDone();
    expect((await counted()) - before).toBe(1);
    const job = await queue.queue.getJob('sweep-501');
    expect(job?.data).toMatchObject({
      target: { owner: OWNER, repo: REPO, number: 7, headSha: sha('c'), baseSha: BASE_SHA, draft: false },
      installationId: 9001,
      checkRunId: 501,
      force: true,
    });
    expect(await queue.state.isLatest(job!.data.target, 'sweep-501')).toBe(true);
    // Listed from now on: the next sweep leaves it to the review (and, if that cannot finish, to the Redis sweep).
    expect((await queue.state.inFlight()).find((entry) => entry.checkRunId === 501)).toMatchObject({ jobId: 'sweep-501', startedAt: now });
  });

  test('the next sweep does not queue a run twice', async () => {
    listed([{ id: 1, name: REPO, full_name: `${OWNER}/${REPO}`, owner: { login: OWNER }, archived: false }], [pull(7, 'c', 10 * MINUTE)]);
    runs('c', { id: 501, status: 'in_progress', startedAgo: 46 * MINUTE });
    expect(await sweep()).toEqual({ installations: 1, pulls: 1, requeued: 0 });
    github.assertDone();
  });
});
