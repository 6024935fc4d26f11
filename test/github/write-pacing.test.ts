import { describe, expect, test } from '@jest/globals';
import { generateKeyPairSync } from 'node:crypto';
import { MemoryBackoff } from '../../src/github/installation-backoff.js';
import { waitOnSecondaryRateLimits } from '../../src/github/rate-limits.js';
import type { GitHub } from '../../src/github/target.js';
import { MemoryPacing, pacedKind } from '../../src/github/write-pacing.js';
import { GitHubMock, useGitHubMock } from './helpers/github-mock.js';
import { instantOctokit } from './helpers/test-octokit.js';

/**
 * GitHub's write pacing per installation (1 s between writes, 3 s between comments), kept by dbarch
 * rather than Octokit's per-process limiters, on a fake clock that moves by what is slept. The
 * Redis-shared version is tested in test/queue/shared-github-limits.test.ts.
 */
let github: GitHubMock;
useGitHubMock((mock) => (github = mock));

const Octokit = instantOctokit({ retry: false });

describe('which requests take a turn', () => {
  test('writes do, comments and reviews as notifications; reads and GraphQL queries do not; GraphQL mutations do', () => {
    expect(pacedKind({ method: 'GET', url: '/repos/{owner}/{repo}/pulls/{pull_number}/files' })).toBeUndefined();
    expect(pacedKind({ method: 'POST', url: '/repos/{owner}/{repo}/check-runs' })).toBe('write');
    expect(pacedKind({ method: 'PATCH', url: '/repos/{owner}/{repo}/check-runs/{check_run_id}' })).toBe('write');
    expect(pacedKind({ method: 'PATCH', url: '/repos/{owner}/{repo}/issues/comments/{comment_id}' })).toBe('write');
    expect(pacedKind({ method: 'POST', url: '/repos/{owner}/{repo}/issues/{issue_number}/comments' })).toBe('notification');
    expect(pacedKind({ method: 'POST', url: '/repos/acme/shop/pulls/7/reviews' })).toBe('notification');
    expect(pacedKind({ method: 'POST', url: '/graphql', query: 'query dbarchBlobs($owner: String!) { x }' })).toBeUndefined();
    expect(pacedKind({ method: 'POST', url: '/graphql', query: '\n  mutation dbarchResolve { x }' })).toBe('write');
    // The installation's access token is the App's request, made inside the first request that needs it.
    expect(pacedKind({ method: 'POST', url: '/app/installations/{installation_id}/access_tokens' })).toBeUndefined();
    expect(pacedKind({ method: 'POST', url: 'https://ghe.example/api/v3/app/installations/7/access_tokens' })).toBeUndefined();
  });
});

describe('in one process', () => {
  test("an installation's writes are 1 s apart and its comments 3 s; another installation does not wait behind it", async () => {
    let clock = 1_000_000;
    const sent: [string, number][] = [];
    const pacing = new MemoryPacing(() => clock);
    const store = new MemoryBackoff(() => clock);
    const octokitFor = (installationId: number) =>
      waitOnSecondaryRateLimits(new Octokit({ auth: 'test' }) as unknown as GitHub, {
        backoff: { installationId, store },
        pacing,
        now: () => clock,
        sleep: async (milliseconds) => void (clock += milliseconds),
      });
    github.scope
      .persist()
      .post(/check-runs$/)
      .reply(201, () => (sent.push(['check', clock]), { id: 1 }))
      .post(/issues\/7\/comments$/)
      .reply(201, () => (sent.push(['comment', clock]), { id: 2 }))
      .get(/pulls\/7$/)
      .reply(200, () => (sent.push(['read', clock]), { number: 7 }));
    const busy = octokitFor(1);
    const other = octokitFor(2);
    const repo = { owner: 'acme', repo: 'shop' };
    await busy.rest.checks.create({ ...repo, name: 'dbarch', head_sha: 'a'.repeat(40) });
    await busy.rest.issues.createComment({ ...repo, issue_number: 7, body: 'one' });
    await busy.rest.issues.createComment({ ...repo, issue_number: 7, body: 'two' });
    await busy.rest.pulls.get({ ...repo, pull_number: 7 });
    await busy.rest.checks.create({ ...repo, name: 'dbarch', head_sha: 'b'.repeat(40) });
    const otherStarted = clock;
    await other.rest.checks.create({ ...repo, name: 'dbarch', head_sha: 'c'.repeat(40) });
    await other.rest.issues.createComment({ ...repo, issue_number: 7, body: 'elsewhere' });

    const times = sent.map(([kind, at]) => [kind, at - 1_000_000]);
    // check at 0; comment 1 s later; the next comment 3 s after that; the read at once; the next write 1 s after the comment.
    expect(times.slice(0, 5)).toEqual([
      ['check', 0],
      ['comment', 1_000],
      ['comment', 4_000],
      ['read', 4_000],
      ['check', 5_000],
    ]);
    // Installation 2's first write went at once, its comment 1 s later: not 3 s after installation 1's comment.
    expect(times.slice(5)).toEqual([
      ['check', otherStarted - 1_000_000],
      ['comment', otherStarted - 1_000_000 + 1_000],
    ]);
  });

  test('a hold that begins while a write waits for its turn is waited out, and the write takes a new turn after it', async () => {
    let clock = 0;
    const slept: number[] = [];
    const pacing = new MemoryPacing(() => clock);
    const store = new MemoryBackoff(() => clock);
    const octokit = waitOnSecondaryRateLimits(new Octokit({ auth: 'test' }) as unknown as GitHub, {
      backoff: { installationId: 1, store },
      pacing,
      now: () => clock,
      sleep: async (milliseconds) => {
        slept.push(milliseconds);
        // GitHub told another request of the installation to wait 30 s while this write waited for its turn.
        if (slept.length === 1) await store.hold(1, clock + 30_000);
        clock += milliseconds;
      },
    });
    github.scope
      .persist()
      .post(/check-runs$/)
      .reply(201, { id: 1 });
    await pacing.reserve(1, 'write'); // another write just took the turn at 0
    await octokit.rest.checks.create({ owner: 'acme', repo: 'shop', name: 'dbarch', head_sha: 'a'.repeat(40) });
    // 1 s for its turn, then what is left of the hold; its new turn is free at once.
    expect(slept).toEqual([1_000, 29_000]);
    expect(clock).toBe(30_000);
  });

  test('through Octokit, a GraphQL query goes at once and a GraphQL mutation takes a write turn', async () => {
    let clock = 0;
    const sent: [string, number][] = [];
    const pacing = new MemoryPacing(() => clock);
    const octokit = waitOnSecondaryRateLimits(new Octokit({ auth: 'test' }) as unknown as GitHub, {
      backoff: { installationId: 1, store: new MemoryBackoff(() => clock) },
      pacing,
      now: () => clock,
      sleep: async (milliseconds) => void (clock += milliseconds),
    });
    github.scope
      .persist()
      .post('/graphql')
      .reply(200, async (request: Request) => {
        sent.push([/(query|mutation)/.exec(((await request.json()) as { query: string }).query)![1]!, clock]);
        return { data: {} };
      });
    await pacing.reserve(1, 'write'); // a write just went: the next write's turn is 1 s away
    await octokit.graphql('query dbarchBlobs { viewer { login } }');
    await octokit.graphql('mutation dbarchResolve($t0: ID!) { r0: resolveReviewThread(input: { threadId: $t0 }) { thread { id } } }', {
      t0: 'x',
    });
    expect(sent).toEqual([
      ['query', 0],
      ['mutation', 1_000],
    ]);
  });
});

describe('each attempt takes its turn when it goes to the network', () => {
  /**
   * A clock that concurrent sleeps move to the latest of their ends (each sleep yields first, so
   * the others can take their turns meanwhile).
   */
  function sharedClock() {
    const clock = {
      now: 0,
      sleep: async (milliseconds: number) => {
        const end = clock.now + milliseconds;
        await new Promise((resolve) => setImmediate(resolve));
        clock.now = Math.max(clock.now, end);
      },
    };
    return clock;
  }

  /** Installation 1's pacing and back-off in memory, on the shared clock. */
  function pacedOnClock(octokit: GitHub, clock: ReturnType<typeof sharedClock>): GitHub {
    return waitOnSecondaryRateLimits(octokit, {
      backoff: { installationId: 1, store: new MemoryBackoff(() => clock.now) },
      pacing: new MemoryPacing(() => clock.now),
      now: () => clock.now,
      sleep: clock.sleep,
    });
  }

  test('writes that wait for the installation access token take their turns after it: they do not go together', async () => {
    const clock = sharedClock();
    const sent: [string, number][] = [];
    const privateKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
    // As Probot builds an installation's Octokit: authenticated as the App, the token fetched by its auth hook.
    const octokit = pacedOnClock(new Octokit({ auth: { appId: 1, privateKey, installationId: 1 } }) as unknown as GitHub, clock);
    github.scope
      .post('/app/installations/1/access_tokens')
      .reply(
        201,
        () => (sent.push(['token', clock.now]), { token: 'ghs_test', expires_at: new Date(Date.now() + 3_600_000).toISOString() }),
      )
      .post('/repos/acme/shop/check-runs')
      .times(2)
      .reply(201, () => (sent.push(['check', clock.now]), { id: 1 }));
    const check = (sha: string) => octokit.rest.checks.create({ owner: 'acme', repo: 'shop', name: 'dbarch', head_sha: sha.repeat(40) });
    await Promise.all([check('a'), check('b')]);
    github.assertDone();
    // The token took no turn (it once took the next one, and both writes, their own turns spent, went with it).
    expect(sent).toEqual([
      ['token', 0],
      ['check', 0],
      ['check', 1_000],
    ]);
  });

  test("a write retried by Octokit's retry plugin after a 5xx takes a new turn", async () => {
    const clock = sharedClock();
    const sent: [number, number][] = [];
    const octokit = pacedOnClock(new (instantOctokit())({ auth: 'test' }) as unknown as GitHub, clock);
    github.scope
      .post('/repos/acme/shop/check-runs')
      .reply(502, () => (sent.push([502, clock.now]), { message: 'Bad Gateway' }))
      .post('/repos/acme/shop/check-runs')
      .reply(201, () => (sent.push([201, clock.now]), { id: 1 }));
    await octokit.rest.checks.create({ owner: 'acme', repo: 'shop', name: 'dbarch', head_sha: 'a'.repeat(40) });
    github.assertDone();
    expect(sent).toEqual([
      [502, 0],
      [201, 1_000],
    ]);
  });
});
