import { beforeEach, describe, expect, test } from '@jest/globals';
import { GitHubMock, useGitHubMock } from './helpers/github-mock.js';
import { DROP_SQL, expectReview, INDEX_SQL, migration } from './helpers/scenarios.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';
import { checkRunRerequestedEvent, issueCommentEvent, pullRequestEvent, reviewCommentEvent } from './helpers/webhooks.js';

let github: GitHubMock;
let app: TestApp;

useGitHubMock((mock) => (github = mock));
beforeEach(async () => {
  app = await createTestApp();
});

/** Runs a first review of the given migration and returns the summary comment it created. */
async function firstReview(file = migration('002_drop.sql', DROP_SQL)): Promise<string> {
  expectReview(github, [file]).createReview().createComment(700);
  await app.receive('pull_request', pullRequestEvent('opened'));
  github.assertDone();
  return github.bodies('POST', '/issues/7/comments')[0].body;
}

/** What the context query returns after the first review: its summary and its threads. */
function afterFirstReview(summary: string) {
  return { summary: { id: 700, body: summary }, threads: github.postedThreads() };
}

describe('/dbarch ack', () => {
  test('a maintainer accepts a destructive change: summary says who and why, the check turns green; a new push needs a new ack', async () => {
    const summary = await firstReview();
    expect(github.bodies('PATCH', '/check-runs/100')[0].conclusion).toBe('failure');

    const next = new GitHubMock();
    next
      .permission('maintainer', 'write')
      .pull()
      .context({ summary: { id: 700, body: summary } })
      .updateComment(700)
      .updateCheck(100)
      .reaction(5001);
    await app.receive('issue_comment', issueCommentEvent('/dbarch ack legacy_orders was archived to S3 in OPS-12; @team agreed'));
    next.assertDone();
    const edited: string = next.bodies('PATCH', '/issues/comments/700')[0].body;
    expect(edited.split('\n').slice(0, 5).join('\n')).toMatchInlineSnapshot(`
     "<!-- dbarch:summary -->
     <!-- dbarch:acks -->
     > [!IMPORTANT]
     > **Risk accepted:** @maintainer accepted the destructive risk of \`aaaaaaa\`: legacy\\_orders was archived to S3 in OPS-12; @‍team agreed
     <!-- /dbarch:acks -->"
    `);
    expect(edited).toContain('"acks":[{"user":"maintainer"');
    expect(next.bodies('PATCH', '/check-runs/100')[0]).toMatchInlineSnapshot(`
     {
       "conclusion": "success",
       "output": {
         "summary": "@maintainer accepted the **destructive** risk of \`aaaaaaa\`: legacy\\_orders was archived to S3 in OPS-12; @‍team agreed

     The summary comment on the pull request has the full review.",
         "title": "destructive risk accepted by @maintainer",
       },
     }
    `);

    const push = new GitHubMock();
    // The DROP finding is posted already (same fingerprint): no new review.
    expectReview(push, [migration('002_drop.sql', DROP_SQL)], { checkId: 101, ...afterFirstReview(edited) }).updateComment(700);
    await app.receive('pull_request', pullRequestEvent('synchronize', { head: 'c'.repeat(40) }));
    push.assertDone();
    expect(push.bodies('PATCH', '/check-runs/101')[0].conclusion).toBe('failure');
    const afterPush: string = push.bodies('PATCH', '/issues/comments/700')[0].body;
    expect(afterPush.split('\n').slice(0, 4).join('\n')).toMatchInlineSnapshot(`
     "<!-- dbarch:summary -->
     <!-- dbarch:acks -->
     > [!NOTE]
     > An earlier acceptance by @maintainer (for \`aaaaaaa\`) does not cover the latest push: comment \`/dbarch ack <reason>\` again to accept it."
    `);
  });

  test('an ack in a reply to an inline comment is accepted there: thumbs-up on the reply, summary and check updated', async () => {
    const summary = await firstReview();
    const next = new GitHubMock();
    next
      .permission('maintainer', 'write')
      .pull()
      .context({ summary: { id: 700, body: summary } })
      .updateComment(700)
      .updateCheck(100)
      .reaction(6001, 'review');
    await app.receive(
      'pull_request_review_comment',
      reviewCommentEvent('/dbarch ack archived in OPS-12', { path: 'db/migrations/002_drop.sql', line: 1, inReplyTo: 901 }),
    );
    next.assertDone();
    expect(next.route()).toEqual([
      'GET /collaborators/maintainer/permission',
      'GET /pulls/7',
      'GRAPHQL dbarchContext',
      'PATCH /issues/comments/700',
      'PATCH /check-runs/100',
      'POST /pulls/comments/6001/reactions',
    ]);
    expect(next.bodies('POST', '/reactions')).toEqual([{ content: '+1' }]);
    expect(next.bodies('PATCH', '/issues/comments/700')[0].body).toContain(
      '**Risk accepted:** @maintainer accepted the destructive risk of `aaaaaaa`: archived in OPS-12',
    );
    expect(next.bodies('PATCH', '/check-runs/100')[0]).toMatchObject({
      conclusion: 'success',
      output: { title: 'destructive risk accepted by @maintainer' },
    });
  });

  test('an ack from someone without write access in a review thread is answered in that thread', async () => {
    github.permission('visitor', 'read').replyInThread(901);
    await app.receive(
      'pull_request_review_comment',
      reviewCommentEvent('/dbarch ack fine by me', { path: 'db/migrations/002_drop.sql', line: 1, inReplyTo: 901, login: 'visitor' }),
    );
    github.assertDone();
    expect(github.bodies('POST', '/comments/901/replies')[0].body).toMatch(/^@visitor Sorry, only people with write access/);
  });

  test('someone without write access gets a polite reply and nothing changes', async () => {
    github.permission('visitor', 'read').createComment(800);
    await app.receive('issue_comment', issueCommentEvent('/dbarch ack looks fine to me', { login: 'visitor' }));
    github.assertDone();
    expect(github.bodies('POST', '/issues/7/comments')[0].body).toMatchInlineSnapshot(
      `"@visitor Sorry, only people with write access to this repository can run \`/dbarch ack\`. \`/dbarch help\` lists what dbarch can do."`,
    );
  });

  test('comments from bots, dbarch included, are ignored', async () => {
    await app.receive('issue_comment', issueCommentEvent('/dbarch review', { login: 'dbarch[bot]', type: 'Bot' }));
    github.assertDone();
    expect(github.calls).toEqual([]);
  });
});

describe('/dbarch help, explain, review', () => {
  test('help answers anyone', async () => {
    github.createComment(800);
    await app.receive('issue_comment', issueCommentEvent('thanks!\n/dbarch help', { login: 'visitor' }));
    github.assertDone();
    expect(github.bodies('POST', '/issues/7/comments')[0].body).toMatch(/^@visitor\n\n\*\*dbarch commands\*\*/);
  });

  test('explain <rule-id> answers from the rule docs', async () => {
    github.permission('maintainer', 'write').pull().context().createComment(800);
    await app.receive('issue_comment', issueCommentEvent('/dbarch explain create-index-non-concurrently'));
    github.assertDone();
    const body: string = github.bodies('POST', '/issues/7/comments')[0].body;
    expect(body.split('\n').slice(0, 3).join('\n')).toMatchInlineSnapshot(`
     "@maintainer

     ### create-index-non-concurrently"
    `);
  });

  test('explain in a review thread explains the finding on that line', async () => {
    const summary = await firstReview(migration('002_index.sql', INDEX_SQL));
    const next = new GitHubMock();
    next
      .permission('maintainer', 'write')
      .pull()
      .context({ summary: { id: 700, body: summary } })
      .replyInThread(901);
    await app.receive(
      'pull_request_review_comment',
      reviewCommentEvent('/dbarch explain', { path: 'db/migrations/002_index.sql', line: 1, inReplyTo: 901 }),
    );
    next.assertDone();
    const body: string = next.bodies('POST', '/comments/901/replies')[0].body;
    expect(body.split('\n').slice(0, 5).join('\n')).toMatchInlineSnapshot(`
     "@maintainer

     Findings at \`db/migrations/002_index.sql:1\` in the latest review:

     - **error** \`create-index-non-concurrently\` at line 1"
    `);
  });

  test('explain with an LLM configured answers from the model, in the background, grounded on the review', async () => {
    const summary = await firstReview(migration('002_index.sql', INDEX_SQL));
    const requests: string[] = [];
    const model = {
      model: 'test-model',
      review: async () => {
        throw new Error('not used');
      },
      explain: async (request: { user: string }) => {
        requests.push(request.user);
        return { text: 'Build it **concurrently**, outside a transaction.', usage: { inputTokens: 1, outputTokens: 1 } };
      },
    };
    const withModel = await createTestApp({ explainModel: () => model });
    const next = new GitHubMock();
    next
      .permission('maintainer', 'write')
      .pull()
      .context({ summary: { id: 700, body: summary } })
      .createComment(800);
    await withModel.receive('issue_comment', issueCommentEvent('/dbarch explain db/migrations/002_index.sql:1'));
    next.assertDone();
    expect(requests).toHaveLength(1);
    expect(requests[0]).toContain('create-index-non-concurrently');
    expect(next.bodies('POST', '/issues/7/comments')[0].body).toMatchInlineSnapshot(`
     "@maintainer

     Build it **concurrently**, outside a transaction.

     <sub>Explained by test-model: advice only, the verdict comes from dbarch's rules and dry run.</sub>"
    `);
  });

  test('review re-runs the review of the same head', async () => {
    const summary = await firstReview();
    const next = new GitHubMock();
    next.permission('maintainer', 'write').pull().reaction(5001, 'issue');
    // Same head, same findings: the summary only changes its check run id.
    expectReview(next, [migration('002_drop.sql', DROP_SQL)], { checkId: 101, ...afterFirstReview(summary) }).updateComment(700);
    await app.receive('issue_comment', issueCommentEvent('/dbarch review'));
    next.assertDone();
  });

  test('check_run.rerequested ("Re-run" in the Checks tab) reviews the same head again with a new check run', async () => {
    const summary = await firstReview();
    const next = new GitHubMock();
    next.pull();
    expectReview(next, [migration('002_drop.sql', DROP_SQL)], { checkId: 101, ...afterFirstReview(summary) }).updateComment(700);
    await app.receive('check_run', checkRunRerequestedEvent());
    next.assertDone();
    expect(next.route()).toMatchInlineSnapshot(`
     [
       "GET /pulls/7",
       "POST /check-runs",
       "GRAPHQL dbarchContext",
       "GET /pulls/7/files?per_page=100",
       "GET /git/trees/bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb?recursive=true",
       "GRAPHQL dbarchBlobs",
       "PATCH /check-runs/101",
       "PATCH /issues/comments/700",
     ]
    `);
    expect(next.bodies('POST', '/check-runs')[0]).toMatchObject({ name: 'dbarch', head_sha: 'a'.repeat(40), status: 'in_progress' });
    expect(next.bodies('PATCH', '/check-runs/101')[0].conclusion).toBe('failure');
    // The summary now points at the new check run (for a later /dbarch ack).
    expect(next.bodies('PATCH', '/issues/comments/700')[0].body).toContain('"checkRunId":101');
  });

  test("check_run.rerequested for another app's check is ignored", async () => {
    const payload = checkRunRerequestedEvent();
    payload.check_run.name = 'ci / build';
    await app.receive('check_run', payload);
    github.assertDone();
    expect(github.calls).toEqual([]);
  });
});
