import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { Queue } from 'bullmq';
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { Redis } from 'ioredis';
import type { ReviewRequest } from '../../src/queue/review-request.js';
import { SharedState } from '../../src/queue/shared-state.js';
import { sweepHungChecks } from '../../src/queue/sweeper.js';
import type { GitHub } from '../../src/github/target.js';
import { GitHubMock, useGitHubMock } from '../github/helpers/github-mock.js';
import { instantOctokit } from '../github/helpers/test-octokit.js';
import { BASE_SHA, HEAD_SHA, NUMBER, OWNER, REPO } from '../github/helpers/webhooks.js';

/** Never hung: check runs nothing will complete are failed with the reason (real Redis, GitHub mocked at the HTTP edge). */
const redisUrl = process.env.REDIS_URL;
const describeRedis = redisUrl ? describe : describe.skip;
if (!redisUrl) console.warn('test/queue: REDIS_URL is not set; the sweeper tests are skipped');

let github: GitHubMock;
useGitHubMock((mock) => (github = mock));

const prefix = `dbarch-h6-queue-sweep-${randomBytes(4).toString('hex')}`;
let redis: Redis;
let queue: Queue<ReviewRequest>;
let state: SharedState;
const MINUTE = 60_000;
const now = Date.now();

beforeAll(() => {
  if (!redisUrl) return;
  redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
  queue = new Queue<ReviewRequest>('reviews', { connection: redis, prefix });
  state = new SharedState(redis, prefix);
});

afterAll(async () => {
  if (!redisUrl) return;
  await queue.obliterate({ force: true });
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  await queue.close();
  redis.disconnect();
});

const request = (checkRunId: number): ReviewRequest => ({
  target: { owner: OWNER, repo: REPO, number: NUMBER, headSha: HEAD_SHA, baseSha: BASE_SHA, draft: false },
  installationId: 1,
  deliveryId: `delivery-${checkRunId}`,
  force: false,
  requestedAt: now,
  checkRunId,
});

const Octokit = instantOctokit({ retry: false });
const sweep = () =>
  sweepHungChecks({
    state,
    queue,
    githubFor: async () => new Octokit({ auth: 'test' }) as unknown as GitHub,
    afterMs: 30 * MINUTE,
    log: pino({ level: 'silent' }),
    now: () => now,
  });

/** GitHub's answer for a check run: how it stands now. */
const checkOnGitHub = (id: number, status: string, conclusion: string | null = null) =>
  github.scope.get(`/repos/${OWNER}/${REPO}/check-runs/${id}`).reply(200, { id, name: 'dbarch', status, conclusion });

describeRedis('sweeper', () => {
  test('a check in progress past the limit whose job is gone is completed failure with the reason and a re-run button', async () => {
    await state.trackInFlight({ checkRunId: 100, jobId: 'gone', startedAt: now - 45 * MINUTE, request: JSON.stringify(request(100)) });
    checkOnGitHub(100, 'in_progress');
    github.updateCheck(100);
    expect(await sweep()).toBe(1);
    github.assertDone();
    const body = github.bodies('PATCH', '/check-runs/100')[0];
    expect(body).toMatchObject({ status: 'completed', conclusion: 'failure', actions: [{ identifier: 'dbarch-rerun' }] });
    expect(body.output.summary).toContain('still in progress after 45 minutes: its review job was lost');
    expect(await state.inFlight()).toEqual([]);
  });

  test('a young check, and one whose job is still queued within twice the limit, are left alone; stuck beyond that, failed', async () => {
    await state.trackInFlight({ checkRunId: 101, jobId: 'young', startedAt: now - 5 * MINUTE, request: JSON.stringify(request(101)) });
    await queue.add('review', request(102), { jobId: 'queued' });
    await state.trackInFlight({ checkRunId: 102, jobId: 'queued', startedAt: now - 40 * MINUTE, request: JSON.stringify(request(102)) });
    expect(await sweep()).toBe(0);
    expect((await state.inFlight()).map((entry) => entry.checkRunId).sort()).toEqual([101, 102]);

    await state.untrackInFlight(102);
    await state.trackInFlight({ checkRunId: 102, jobId: 'queued', startedAt: now - 70 * MINUTE, request: JSON.stringify(request(102)) });
    checkOnGitHub(102, 'in_progress');
    github.updateCheck(102);
    expect(await sweep()).toBe(1);
    github.assertDone();
    expect(github.bodies('PATCH', '/check-runs/102')[0].output.summary).toContain('its review has been waiting for 70 minutes');
    expect(await queue.getJob('queued')).toBeUndefined();
  });

  test('a listed check that GitHub says was completed meanwhile (its worker died after completing it) is only taken off the list', async () => {
    await state.trackInFlight({ checkRunId: 103, jobId: 'gone-too', startedAt: now - 45 * MINUTE, request: JSON.stringify(request(103)) });
    checkOnGitHub(103, 'completed', 'success');
    expect(await sweep()).toBe(0);
    github.assertDone();
    expect(github.bodies('PATCH', '/check-runs/103')).toEqual([]);
    expect((await state.inFlight()).map((entry) => entry.checkRunId)).not.toContain(103);
  });
});
