import { describe, expect, test } from '@jest/globals';
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
