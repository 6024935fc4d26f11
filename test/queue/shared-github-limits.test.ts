import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import nock from 'nock';
import { waitOnSecondaryRateLimits } from '../../src/github/rate-limits.js';
import type { GitHub } from '../../src/github/target.js';
import { SharedGitHubLimits } from '../../src/queue/shared-github-limits.js';
import { GitHubMock, useGitHubMock } from '../github/helpers/github-mock.js';
import { instantOctokit } from '../github/helpers/test-octokit.js';

/**
 * GitHub's limits per installation shared by the workers through the real Redis: each "worker" here
 * has its own Redis connection, its own SharedGitHubLimits and its own Octokit, as separate
 * processes would; GitHub is mocked at the HTTP edge and records when each request arrived.
 */
const redisUrl = process.env.REDIS_URL;
const describeRedis = redisUrl ? describe : describe.skip;
if (!redisUrl) console.warn('test/queue: REDIS_URL is not set; the shared GitHub limits tests are skipped');

let github: GitHubMock;
useGitHubMock((mock) => (github = mock));

const prefix = `dbarch-h13-limits-${randomBytes(4).toString('hex')}`;
const connections: Redis[] = [];
afterAll(async () => {
  if (!redisUrl) return;
  const keys = await connections[0]!.keys(`${prefix}:*`);
  if (keys.length > 0) await connections[0]!.del(...keys);
  for (const connection of connections) connection.disconnect();
});

const Octokit = instantOctokit({ retry: false });
/** A worker's view: its own connection to Redis. */
function worker(): SharedGitHubLimits {
  const connection = new Redis(redisUrl!);
  connections.push(connection);
  return new SharedGitHubLimits(connection, prefix);
}
const octokitFor = (limits: SharedGitHubLimits, installationId: number) =>
  // Throttling off: as Probot builds it, Octokit's plugin only logs a secondary limit; the wrapper handles it.
  waitOnSecondaryRateLimits(new Octokit({ auth: `token-${installationId}`, throttle: { enabled: false } }) as unknown as GitHub, {
    backoff: { installationId, store: limits },
    pacing: limits,
  });
const repo = { owner: 'acme', repo: 'shop' };
/** Network and timer jitter between two processes taking consecutive turns (GitHub asks for about a second). */
const JITTER_MS = 100;

let installation = 0;
beforeAll(() => {
  installation = 1_000 + Math.floor(Math.random() * 1_000_000);
});

describeRedis('GitHub limits shared through Redis', () => {
  test("two workers' writes for one installation take turns 1 s apart, comments 3 s; another installation goes at once", async () => {
    // Each installation's requests go to a repository of its own.
    const arrivals: { repo: string; kind: string; at: number }[] = [];
    // nock ≥15 hands reply callbacks the fetch Request.
    const record = (kind: string) => (request: Request) => {
      arrivals.push({ repo: new URL(request.url).pathname.split('/')[3]!, kind, at: Date.now() });
      return { id: 1 };
    };
    github.scope
      .persist()
      .post(/check-runs$/)
      .reply(201, record('write'))
      .post(/issues\/7\/comments$/)
      .reply(201, record('comment'));
    const [first, second] = [worker(), worker()];
    const busy = installation;
    const quiet = installation + 1;
    const octokits = [octokitFor(first, busy), octokitFor(second, busy), octokitFor(second, quiet)];
    // Warm: a first request of a process takes its connection's and Octokit's set-up time on its way.
    github.scope.persist().get('/rate_limit').reply(200, {});
    await Promise.all(octokits.map((octokit) => octokit.request('GET /rate_limit')));
    const started = Date.now();
    const writes = (octokit: GitHub, name: string) =>
      (async () => {
        await octokit.rest.checks.create({ owner: 'acme', repo: name, name: 'dbarch', head_sha: 'a'.repeat(40) });
        await octokit.rest.issues.createComment({ owner: 'acme', repo: name, issue_number: 7, body: 'summary' });
      })();
    await Promise.all([writes(octokits[0]!, 'busy'), writes(octokits[1]!, 'busy'), writes(octokits[2]!, 'quiet')]);

    const of = (id: number) => arrivals.filter((entry) => entry.repo === (id === busy ? 'busy' : 'quiet'));
    const busyTimes = of(busy).map((entry) => entry.at);
    expect(busyTimes).toHaveLength(4);
    for (let index = 1; index < busyTimes.length; index += 1)
      expect(busyTimes[index]! - busyTimes[index - 1]!).toBeGreaterThanOrEqual(1_000 - JITTER_MS);
    const comments = of(busy)
      .filter((entry) => entry.kind === 'comment')
      .map((entry) => entry.at);
    expect(comments[1]! - comments[0]!).toBeGreaterThanOrEqual(3_000 - JITTER_MS);
    // The quiet installation's write did not wait behind the busy one's, and its comment came a turn later.
    const quietTimes = of(quiet).map((entry) => entry.at);
    expect(quietTimes[0]! - started).toBeLessThan(500);
    expect(quietTimes[1]! - quietTimes[0]!).toBeLessThan(1_000 + 500);
  }, 30_000);

  test('GitHub telling one worker to wait holds the other workers’ requests of that installation, not of others', async () => {
    const arrivals: { path: string; at: number }[] = [];
    const id = installation + 10;
    github.scope.get('/repos/acme/shop/pulls/1').reply(() => {
      arrivals.push({ path: 'limited', at: Date.now() });
      return [403, { message: 'You have exceeded a secondary rate limit.' }, { 'retry-after': '2' }];
    });
    nock('https://api.github.com')
      .persist()
      .get(/\/repos\/acme\/shop\/pulls\/\d+$/)
      .reply(200, (request: Request) => {
        arrivals.push({ path: new URL(request.url).pathname.split('/').pop()!, at: Date.now() });
        return { number: 1 };
      });
    const [first, second] = [worker(), worker()];
    const limitedAt = Date.now();
    const limited = octokitFor(first, id).rest.pulls.get({ ...repo, pull_number: 1 });
    // The other worker's request of the same installation comes once the hold is in Redis.
    await until(() => arrivals.length > 0);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const same = octokitFor(second, id).rest.pulls.get({ ...repo, pull_number: 2 });
    const other = octokitFor(second, id + 1).rest.pulls.get({ ...repo, pull_number: 3 });
    await Promise.all([limited, same, other]);

    const at = (path: string) => arrivals.find((entry) => entry.path === path)!.at - limitedAt;
    expect(at('3')).toBeLessThan(1_000);
    expect(at('2')).toBeGreaterThanOrEqual(2_000 - JITTER_MS);
    expect(at('1')).toBeGreaterThanOrEqual(2_000 - JITTER_MS);
    expect(await first.heldUntil(id)).toBe(0);
  }, 30_000);

  test('a hold is never shortened by a shorter one, and ends on its own', async () => {
    const limits = worker();
    const id = installation + 20;
    await limits.hold(id, Date.now() + 5_000);
    await limits.hold(id, Date.now() + 1_000);
    expect((await limits.heldUntil(id)) - Date.now()).toBeGreaterThan(4_000);
    await limits.hold(id + 1, Date.now() + 150);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await limits.heldUntil(id + 1)).toBe(0);
  });
});

async function until(check: () => boolean): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('not reached within 5 s');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
