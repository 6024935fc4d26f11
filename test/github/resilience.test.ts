import { describe, expect, test } from '@jest/globals';
import { GitHubMock, useGitHubMock, type PullFile } from './helpers/github-mock.js';
import { DROP_SQL, expectReview, INDEX_SQL, migration, SAFE_SQL } from './helpers/scenarios.js';
import { createTestApp } from './helpers/test-app.js';
import { checkRunRerequestedEvent, pullRequestEvent } from './helpers/webhooks.js';

let github: GitHubMock;
useGitHubMock((mock) => (github = mock));

describe('idempotency', () => {
  test('a redelivered webhook and a second event for the same head produce one review', async () => {
    const app = await createTestApp();
    expectReview(github, [migration('002_safe.sql', SAFE_SQL)]).createComment();
    await app.receive('pull_request', pullRequestEvent('opened'), 'delivery-x');
    await app.receive('pull_request', pullRequestEvent('opened'), 'delivery-x');
    await app.receive('pull_request', pullRequestEvent('reopened'), 'delivery-y');
    github.assertDone();
    expect(github.bodies('POST', '/check-runs')).toHaveLength(1);
  });

  test('a re-push with unchanged findings posts no new inline comment; changed findings resolve the old thread', async () => {
    const app = await createTestApp();
    expectReview(github, [migration('002_index.sql', INDEX_SQL)])
      .createReview()
      .createComment(700);
    await app.receive('pull_request', pullRequestEvent('opened'));
    github.assertDone();
    const summary = { id: 700, body: github.bodies('POST', '/issues/7/comments')[0].body as string };
    const threads = github.postedThreads();

    const unchanged = new GitHubMock();
    expectReview(unchanged, [migration('002_index.sql', `-- comment\n${INDEX_SQL}`)], { checkId: 101, summary, threads }).updateComment(
      700,
    );
    await app.receive('pull_request', pullRequestEvent('synchronize', { head: 'c'.repeat(40) }));
    unchanged.assertDone();
    expect(unchanged.route().filter((route) => route.includes('/reviews'))).toEqual([]);

    const changed = new GitHubMock();
    expectReview(changed, [migration('002_index.sql', DROP_SQL)], { checkId: 102, summary, threads })
      .createReview()
      .resolveThreads()
      .updateComment(700);
    await app.receive('pull_request', pullRequestEvent('synchronize', { head: 'd'.repeat(40) }));
    changed.assertDone();
    const resolve = changed.calls.find((call) => call.path === '/graphql' && call.body.query.includes('dbarchResolve'));
    expect(resolve?.body.variables).toEqual({ t0: 'thread-1' });
  });

  test('more than 100 review threads are read page by page: a finding on page 2 is not reposted, a stale thread there is resolved', async () => {
    const app = await createTestApp();
    expectReview(github, [migration('002_index.sql', INDEX_SQL)])
      .createReview()
      .createComment(700);
    await app.receive('pull_request', pullRequestEvent('opened'));
    github.assertDone();
    const summary = { id: 700, body: github.bodies('POST', '/issues/7/comments')[0].body as string };
    const [posted] = github.postedThreads();
    const marker = (index: number) => `<!-- dbarch:finding ${index.toString(16).padStart(32, '0')}:1 -->`;
    const threads = [
      ...Array.from({ length: 140 }, (_, index) => ({ id: `old-${index}`, isResolved: true, body: `**error** gone\n\n${marker(index)}` })),
      { ...posted!, id: 'thread-current' },
      { id: 'thread-stale', isResolved: false, body: `**error** gone\n\n${marker(999)}` },
    ];

    const again = new GitHubMock();
    expectReview(again, [migration('002_index.sql', `-- comment\n${INDEX_SQL}`)], { checkId: 101, summary, threads })
      .resolveThreads()
      .updateComment(700);
    await app.receive('pull_request', pullRequestEvent('synchronize', { head: 'c'.repeat(40) }));
    again.assertDone();
    expect(again.route().filter((route) => route.startsWith('GRAPHQL'))).toEqual([
      'GRAPHQL dbarchContext',
      'GRAPHQL dbarchThreads',
      'GRAPHQL dbarchBlobs',
      'GRAPHQL dbarchResolve',
    ]);
    expect(again.route().filter((route) => route.includes('/reviews'))).toEqual([]);
    const resolve = again.calls.find((call) => call.path === '/graphql' && call.body.query.includes('dbarchResolve'));
    expect(resolve?.body.variables).toEqual({ t0: 'thread-stale' });
  });

  test('a newer push cancels the stale run of the same pull request', async () => {
    let release!: () => void;
    let entered!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const inEngine = new Promise<void>((resolve) => (entered = resolve));
    const { review } = await import('../../src/engine/review.js');
    const app = await createTestApp({
      review: async (changeset, config) => {
        entered();
        await gate;
        return review(changeset, config);
      },
    });
    expectReview(github, [migration('002_safe.sql', SAFE_SQL)]);
    github
      .createCheck(101)
      .context()
      .files([migration('002_safe.sql', SAFE_SQL)])
      .tree({})
      .blobRequest()
      .updateCheck(101)
      .createComment();
    const first = app.probot.receive({ id: 'p1', name: 'pull_request', payload: pullRequestEvent('opened') } as never);
    await first;
    // Push again while the first run is in the engine.
    await inEngine;
    await app.probot.receive({
      id: 'p2',
      name: 'pull_request',
      payload: pullRequestEvent('synchronize', { head: 'c'.repeat(40) }),
    } as never);
    release();
    await app.scheduler.idle();
    github.assertDone();
    expect(github.bodies('PATCH', '/check-runs/100')[0]).toMatchObject({
      conclusion: 'cancelled',
      output: { title: 'Superseded by a newer push' },
    });
    expect(github.bodies('PATCH', '/check-runs/101')[0].conclusion).toBe('success');
  });
});

describe('answering the webhook', () => {
  test('the webhook is answered before GitHub has created the check run (throttling may hold that write for seconds)', async () => {
    const app = await createTestApp();
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    github.scope.post('/repos/acme/shop/check-runs').reply(201, async () => {
      await gate;
      return { id: 100 };
    });
    github
      .context()
      .files([migration('002_safe.sql', SAFE_SQL)])
      .tree({})
      .blobRequest()
      .updateCheck()
      .createComment();
    await app.probot.receive({ id: 'slow-github', name: 'pull_request', payload: pullRequestEvent('opened') } as never);
    // Answered, with the check run's creation still waiting on GitHub.
    expect(app.scheduler.stats()).toEqual({ starting: 1, queued: 0, running: 0 });
    open();
    await app.scheduler.idle();
    github.assertDone();
    expect(github.bodies('PATCH', '/check-runs/100')[0].conclusion).toBe('success');
  });

  test('a check run GitHub refuses to create leaves the head free: the next event for it reviews it', async () => {
    const app = await createTestApp();
    github.scope.post('/repos/acme/shop/check-runs').reply(403, { message: 'Resource not accessible by integration' });
    await app.receive('pull_request', pullRequestEvent('opened'));
    github.assertDone();

    const again = new GitHubMock();
    expectReview(again, [migration('002_safe.sql', SAFE_SQL)]).createComment();
    await app.receive('pull_request', pullRequestEvent('reopened'));
    again.assertDone();
    expect(again.bodies('PATCH', '/check-runs/100')[0].conclusion).toBe('success');
  });

  test('a delivery whose handling failed is not "seen": GitHub\'s Redeliver runs it again', async () => {
    const app = await createTestApp();
    github.scope.get('/repos/acme/shop/pulls/7').reply(404, { message: 'Not Found' });
    await expect(app.receive('check_run', checkRunRerequestedEvent(), 'rerun-1')).rejects.toThrow();
    github.assertDone();

    const again = new GitHubMock();
    again.pull();
    expectReview(again, [migration('002_safe.sql', SAFE_SQL)]).createComment();
    await app.receive('check_run', checkRunRerequestedEvent(), 'rerun-1');
    again.assertDone();
  });
});

describe('resilience', () => {
  test('a GitHub 502 is retried and the review completes', async () => {
    const app = await createTestApp({ retry: true });
    github.createCheck().context();
    github.scope.get('/repos/acme/shop/pulls/7/files').query({ per_page: '100' }).reply(502, 'Bad Gateway');
    github
      .files([migration('002_safe.sql', SAFE_SQL)])
      .tree({})
      .blobRequest()
      .updateCheck()
      .createComment();
    await app.receive('pull_request', pullRequestEvent('opened'));
    github.assertDone();
    expect(github.route().filter((route) => route.startsWith('GET /pulls/7/files'))).toHaveLength(2);
    expect(github.bodies('PATCH', '/check-runs/100')[0].conclusion).toBe('success');
  });

  test('a secondary rate limit is waited out, then the request is sent again', async () => {
    const app = await createTestApp();
    github.createCheck().context();
    github.scope
      .get('/repos/acme/shop/pulls/7/files')
      .query({ per_page: '100' })
      .reply(
        403,
        { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' },
        { 'retry-after': '7' },
      );
    github
      .files([migration('002_safe.sql', SAFE_SQL)])
      .tree({})
      .blobRequest()
      .updateCheck()
      .createComment();
    await app.receive('pull_request', pullRequestEvent('opened'));
    github.assertDone();
    expect(app.waits).toEqual([7000]);
    expect(github.bodies('PATCH', '/check-runs/100')[0].conclusion).toBe('success');
  });

  test("a primary rate limit is waited out by Octokit's throttling until the reset, then retried", async () => {
    const app = await createTestApp();
    github.createCheck().context();
    const reset = Math.ceil(Date.now() / 1000) + 60;
    github.scope
      .get('/repos/acme/shop/pulls/7/files')
      .query({ per_page: '100' })
      .reply(
        403,
        { message: 'API rate limit exceeded for installation ID 1.' },
        { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) },
      );
    github
      .files([migration('002_safe.sql', SAFE_SQL)])
      .tree({})
      .blobRequest()
      .updateCheck()
      .createComment();
    await app.receive('pull_request', pullRequestEvent('opened'));
    github.assertDone();
    expect(github.route().filter((route) => route.startsWith('GET /pulls/7/files'))).toHaveLength(2);
    // A primary limit is the throttling plugin's (it waits until the reset), not the secondary-limit wrapper's.
    expect(app.waits).toEqual([]);
    expect(github.bodies('PATCH', '/check-runs/100')[0].conclusion).toBe('success');
  });

  test('a crash mid-review completes the check as failure with the reason and a re-run button', async () => {
    const app = await createTestApp({
      review: async () => {
        throw new Error('parser exploded');
      },
    });
    github
      .createCheck()
      .context()
      .files([migration('002_safe.sql', SAFE_SQL)])
      .tree({})
      .blobRequest()
      .updateCheck();
    await app.receive('pull_request', pullRequestEvent('opened'));
    github.assertDone();
    expect(github.bodies('PATCH', '/check-runs/100')[0]).toMatchInlineSnapshot(`
     {
       "actions": [
         {
           "description": "Review this commit again",
           "identifier": "dbarch-rerun",
           "label": "Re-run review",
         },
       ],
       "conclusion": "failure",
       "output": {
         "summary": "The review could not finish, so this pull request is not passed (what cannot be reviewed is not safe): parser exploded

     Press **Re-run review**, re-run the check or comment \`/dbarch review\` to try again.",
         "title": "dbarch could not finish the review",
       },
       "status": "completed",
     }
    `);
  });

  test('an inline comment GitHub rejects (422) falls back to posting one by one, the rest to the summary', async () => {
    const app = await createTestApp();
    expectReview(github, [migration('002_index.sql', INDEX_SQL)])
      .createReview(422)
      .createReviewComment(422)
      .createComment();
    await app.receive('pull_request', pullRequestEvent('opened'));
    github.assertDone();
    expect(github.bodies('POST', '/issues/7/comments')[0].body).toContain('- inline comments: 1 could not be placed on the diff');
  });

  test('an invalid base config is reported and the defaults are used', async () => {
    const app = await createTestApp();
    expectReview(github, [migration('002_drop.sql', DROP_SQL)], { config: 'failOn: sometimes\n' })
      .createReview()
      .createComment();
    await app.receive('pull_request', pullRequestEvent('opened'));
    github.assertDone();
    const summary: string = github.bodies('POST', '/issues/7/comments')[0].body;
    expect(summary.split('\n').filter((line) => line.startsWith('- config'))).toMatchInlineSnapshot(`
     [
       "- config: .github/dbarch.yml: invalid config: "failOn": expected one of destructive, downtime, warning, never; the defaults were used",
     ]
    `);
    expect(github.bodies('PATCH', '/check-runs/100')[0].conclusion).toBe('failure');
  });

  test('a draft is skipped unless configured', async () => {
    const app = await createTestApp();
    github.createCheck().context().updateCheck();
    await app.receive('pull_request', pullRequestEvent('opened', { draft: true }));
    github.assertDone();
    expect(github.bodies('PATCH', '/check-runs/100')[0]).toMatchObject({ conclusion: 'skipped', output: { title: 'Draft pull request' } });
  });

  test('a 3,000-file pull request is listed in pages and the summary says what GitHub left out', async () => {
    const app = await createTestApp();
    const files: PullFile[] = Array.from({ length: 3000 }, (_, index) => ({
      filename: `src/file-${index}.ts`,
      patch: '@@ -1 +1 @@\n-a\n+b',
    }));
    files[2999] = migration('002_safe.sql', SAFE_SQL);
    github.createCheck().context().files(files).tree({}).blobRequest().updateCheck().createComment();
    await app.receive('pull_request', pullRequestEvent('opened', { changedFiles: 3200 }));
    github.assertDone();
    expect(github.route().filter((route) => route.startsWith('GET /pulls/7/files'))).toHaveLength(30);
    const summary: string = github.bodies('POST', '/issues/7/comments')[0].body;
    expect(summary).toContain('GitHub lists only the first 3,000 files of a pull request; 200 more were not reviewed.');
  });
});
