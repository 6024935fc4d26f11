import { describe, expect, test } from '@jest/globals';
import { GitHubMock, useGitHubMock } from './helpers/github-mock.js';
import { addedPatch } from './helpers/scenarios.js';
import { createTestApp } from './helpers/test-app.js';
import { pullRequestEvent } from './helpers/webhooks.js';

const BASE_SCHEMA = 'CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint);\n';
const INDEX_SQL = 'CREATE INDEX orders_customer_idx ON orders (customer_id);\n';

let github: GitHubMock;
useGitHubMock((mock) => (github = mock));

describe('pull_request events', () => {
  test('a pull request touching no migration completes the check with a one-line reason', async () => {
    const app = await createTestApp();
    github
      .createCheck()
      .context()
      .files([{ filename: 'src/index.ts', patch: '@@ -1 +1 @@\n-a\n+b' }])
      .updateCheck();
    await app.receive('pull_request', pullRequestEvent('opened'));
    github.assertDone();
    expect(github.route()).toEqual([
      'POST /check-runs',
      'GRAPHQL dbarchContext',
      'GET /pulls/7/files?per_page=100',
      'PATCH /check-runs/100',
    ]);
    expect(github.bodies('PATCH', '/check-runs/100')).toMatchInlineSnapshot(`
     [
       {
         "conclusion": "success",
         "output": {
           "summary": "This pull request changes no migration, model or dbarch config file, so there is nothing to review.",
           "title": "No migrations changed",
         },
         "status": "completed",
       },
     ]
    `);
  });

  test('a safe migration passes with a summary and no inline comments', async () => {
    const app = await createTestApp();
    const sql = 'CREATE TABLE invoices (id bigint PRIMARY KEY);\n';
    github
      .createCheck()
      .context()
      .files([{ filename: 'db/migrations/002_invoices.sql', patch: addedPatch(sql), content: sql }])
      .tree({ 'db/migrations/001_init.sql': BASE_SCHEMA, 'README.md': 'x' })
      .blobRequest()
      .updateCheck()
      .createComment();
    await app.receive('pull_request', pullRequestEvent('opened'));
    github.assertDone();
    const [complete] = github.bodies('PATCH', '/check-runs/100');
    expect(complete.conclusion).toBe('success');
    expect(complete.output.title).toMatchInlineSnapshot(`"✅ safe: no findings"`);
    expect(github.bodies('POST', '/issues/7/comments')[0].body).toMatchInlineSnapshot(`
     "<!-- dbarch:summary -->

     ## ✅ dbarch: safe

     **Safe to deploy: no statement holds more than a brief lock on an existing table.**

     1 file reviewed · 1 statement · no findings · \`PR #7\`

     | File | Kind | Risk | Findings |
     | --- | --- | --- | --- |
     | \`db/migrations/002_invoices.sql\` | sql-migration | ✅ safe | — |

     ### ✅ \`db/migrations/002_invoices.sql\` — safe

     <details><summary>1 statement, all safe</summary>

     | Line | Statement | Locks | Risk |
     | ---: | --- | --- | --- |
     | 1 | \`CREATE TABLE invoices (id bigint PRIMARY KEY)\` | — | ✅ safe |

     </details>

     ### Not reviewed
     - llm: no OPENAI\\_API\\_KEY: set it (and optionally OPENAI\\_BASE\\_URL, DBARCH\\_LLM\\_MODEL) to enable the architect review

     <sub>dbarch 0.1.0</sub>

     <!-- dbarch:state {"version":1,"headSha":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","checkRunId":100,"risk":"safe","failing":false,"findings":[],"acks":[]} -->
     "
    `);
  });

  test('a risky migration fails the check, comments inline with a suggestion, and writes the summary', async () => {
    const app = await createTestApp();
    github
      .createCheck()
      .context()
      .files([{ filename: 'db/migrations/002_index.sql', patch: addedPatch(INDEX_SQL), content: INDEX_SQL }])
      .tree({ 'db/migrations/001_init.sql': BASE_SCHEMA })
      .blobRequest()
      .updateCheck()
      .createReview()
      .createComment();
    await app.receive('pull_request', pullRequestEvent('opened'));
    github.assertDone();
    expect(github.route()).toMatchInlineSnapshot(`
     [
       "POST /check-runs",
       "GRAPHQL dbarchContext",
       "GET /pulls/7/files?per_page=100",
       "GET /git/trees/bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb?recursive=true",
       "GRAPHQL dbarchBlobs",
       "PATCH /check-runs/100",
       "POST /pulls/7/reviews",
       "POST /issues/7/comments",
     ]
    `);
    const [complete] = github.bodies('PATCH', '/check-runs/100');
    expect({
      conclusion: complete.conclusion,
      title: complete.output.title,
      summary: complete.output.summary,
      annotations: complete.output.annotations,
    }).toMatchInlineSnapshot(`
     {
       "annotations": [
         {
           "annotation_level": "failure",
           "end_column": 57,
           "end_line": 1,
           "message": "CREATE INDEX on existing table "orders" takes a SHARE lock for the whole build: every INSERT, UPDATE and DELETE on "orders" waits until the index is built, which grows with the table. Build it with CREATE INDEX CONCURRENTLY.

     Use CREATE INDEX CONCURRENTLY, in a migration that does not run inside a transaction.",
           "path": "db/migrations/002_index.sql",
           "start_column": 1,
           "start_line": 1,
           "title": "create-index-non-concurrently (downtime)",
         },
         {
           "annotation_level": "notice",
           "end_column": 57,
           "end_line": 1,
           "message": "This statement needs SHARE on "orders" and no lock_timeout is set: if a long-running query or transaction is using "orders", the statement waits for it, and every new query that writes to "orders" queues behind the waiting lock, so writes to it stop until it is granted. Put SET lock_timeout = '5s'; before it so the migration gives up quickly instead, and retry it when it times out. This applies to every statement of this file that locks an existing table; it is reported once.

     Start the migration with SET lock_timeout = '5s'; and retry it when it times out.",
           "path": "db/migrations/002_index.sql",
           "start_column": 1,
           "start_line": 1,
           "title": "lock-timeout-missing (safe)",
         },
       ],
       "conclusion": "failure",
       "summary": "**downtime** · 1 file reviewed · 1 error, 1 notice

     This change is at or above the configured \`failOn: downtime\`. Fix it, or have a maintainer comment \`/dbarch ack <reason>\` to accept the risk.",
       "title": "⚠️ downtime: 1 error, 1 notice",
     }
    `);
    expect(github.bodies('POST', '/pulls/7/reviews')[0]).toMatchInlineSnapshot(`
     {
       "body": "dbarch: 1 new finding on changed lines.",
       "comments": [
         {
           "body": "**error** [\`create-index-non-concurrently\`](https://github.com/dbarch-dev/dbarch/blob/main/docs/rules/create-index-non-concurrently.md) · downtime

     CREATE INDEX on existing table "orders" takes a SHARE lock for the whole build: every INSERT, UPDATE and DELETE on "orders" waits until the index is built, which grows with the table. Build it with CREATE INDEX CONCURRENTLY.

     Use CREATE INDEX CONCURRENTLY, in a migration that does not run inside a transaction.

     **Fix:** Build the index concurrently (run it outside a transaction block)

     \`\`\`suggestion
     CREATE INDEX CONCURRENTLY orders_customer_idx ON orders (customer_id);
     \`\`\`

     <!-- dbarch:finding bd7ec2e999906da5ca609c4a4b3b4194:1 -->",
           "line": 1,
           "path": "db/migrations/002_index.sql",
           "side": "RIGHT",
         },
       ],
       "commit_id": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
       "event": "COMMENT",
     }
    `);
    expect(github.bodies('POST', '/issues/7/comments')[0].body).toMatchInlineSnapshot(`
     "<!-- dbarch:summary -->

     ## ⚠️ dbarch: downtime

     **Risk of downtime: some statements block reads or writes on existing tables for a time that grows with the table, or break the application version that is running.**

     1 file reviewed · 1 statement · 2 findings (1 error, 1 notice) · \`PR #7\`

     | File | Kind | Risk | Findings |
     | --- | --- | --- | --- |
     | \`db/migrations/002_index.sql\` | sql-migration | ⚠️ downtime | 1 error, 1 notice |

     ### ⚠️ \`db/migrations/002_index.sql\` — downtime

     | Line | Statement | Locks | Risk |
     | ---: | --- | --- | --- |
     | 1 | \`CREATE INDEX orders_customer_idx ON orders (customer_id)\` | \`orders\` SHARE, blocks writes (INSERT, UPDATE, DELETE); reads continue | ⚠️ downtime |

     - **error** [\`create-index-non-concurrently\`](https://github.com/dbarch-dev/dbarch/blob/main/docs/rules/create-index-non-concurrently.md) · line 1: CREATE INDEX on existing table "orders" takes a SHARE lock for the whole build: every INSERT, UPDATE and DELETE on "orders" waits until the index is built, which grows with the table. Build it with CREATE INDEX CONCURRENTLY.  
       Use CREATE INDEX CONCURRENTLY, in a migration that does not run inside a transaction.  
       **Fix:** Build the index concurrently (run it outside a transaction block)  

       \`\`\`
       CREATE INDEX CONCURRENTLY orders_customer_idx ON orders (customer_id)
       \`\`\`
     - **notice** [\`lock-timeout-missing\`](https://github.com/dbarch-dev/dbarch/blob/main/docs/rules/lock-timeout-missing.md) · line 1: This statement needs SHARE on "orders" and no lock\\_timeout is set: if a long-running query or transaction is using "orders", the statement waits for it, and every new query that writes to "orders" queues behind the waiting lock, so writes to it stop until it is granted. Put SET lock\\_timeout = '5s'; before it so the migration gives up quickly instead, and retry it when it times out. This applies to every statement of this file that locks an existing table; it is reported once.  
       Start the migration with SET lock\\_timeout = '5s'; and retry it when it times out.  
       **Fix:** Add SET lock\\_timeout = '5s'; before this statement (once at the top covers the whole file), and retry the migration when it times out  

       \`\`\`
       SET lock_timeout = '5s';
       CREATE INDEX orders_customer_idx ON orders (customer_id)
       \`\`\`

     ### Safe rollout plan
     1. Start each risky migration with \`SET lock_timeout = '5s';\` so a blocked lock request fails fast instead of queueing all traffic, and retry it.
     2. \`db/migrations/002_index.sql\` line 1 (create-index-non-concurrently): Build the index concurrently (run it outside a transaction block)

     ### Not reviewed
     - llm: no OPENAI\\_API\\_KEY: set it (and optionally OPENAI\\_BASE\\_URL, DBARCH\\_LLM\\_MODEL) to enable the architect review

     <sub>dbarch 0.1.0</sub>

     <!-- dbarch:state {"version":1,"headSha":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","checkRunId":100,"risk":"downtime","failing":true,"findings":[["create-index-non-concurrently","db/migrations/002_index.sql",1,1,"error"],["lock-timeout-missing","db/migrations/002_index.sql",1,1,"notice"]],"acks":[]} -->
     "
    `);
  });

  test('more than 50 annotations: the check is completed with the first 50, the rest follow 50 at a time', async () => {
    const app = await createTestApp();
    const sql =
      Array.from({ length: 120 }, (_, index) => `CREATE INDEX orders_customer_${index}_idx ON orders (customer_id);`).join('\n') + '\n';
    github
      .createCheck()
      .context()
      .files([{ filename: 'db/migrations/002_indexes.sql', patch: addedPatch(sql), content: sql }])
      .tree({ 'db/migrations/001_init.sql': BASE_SCHEMA })
      .blobRequest()
      .updateCheck(100, 3)
      .createReview()
      .createComment();
    await app.receive('pull_request', pullRequestEvent('opened'));
    github.assertDone();
    const updates = github.bodies('PATCH', '/check-runs/100');
    expect(
      updates.map((update) => ({
        status: update.status,
        conclusion: update.conclusion,
        title: update.output.title,
        annotations: update.output.annotations.length,
      })),
    ).toMatchInlineSnapshot(`
     [
       {
         "annotations": 50,
         "conclusion": "failure",
         "status": "completed",
         "title": "⚠️ downtime: 120 errors, 2 notices",
       },
       {
         "annotations": 50,
         "conclusion": undefined,
         "status": undefined,
         "title": "⚠️ downtime: 120 errors, 2 notices",
       },
       {
         "annotations": 22,
         "conclusion": undefined,
         "status": undefined,
         "title": "⚠️ downtime: 120 errors, 2 notices",
       },
     ]
    `);
    // Every finding (120 errors, 2 notices) is annotated exactly once.
    const lines = updates.flatMap((update) =>
      update.output.annotations.map((annotation: { start_line: number; title: string }) => `${annotation.start_line} ${annotation.title}`),
    );
    expect(lines).toHaveLength(122);
    expect(new Set(lines).size).toBe(lines.length);
    // Inline comments stop at the configured 30; the rest are counted in the review's body.
    const [posted] = github.bodies('POST', '/pulls/7/reviews');
    expect(posted.comments).toHaveLength(30);
    expect(posted.body).toMatchInlineSnapshot(
      `"dbarch: 30 new findings on changed lines. 90 more findings on changed lines are in the summary comment."`,
    );
  });

  test('a pull request that stops changing migrations: the summary says the review no longer applies, open threads are resolved', async () => {
    const app = await createTestApp();
    github
      .createCheck()
      .context()
      .files([{ filename: 'db/migrations/002_index.sql', patch: addedPatch(INDEX_SQL), content: INDEX_SQL }])
      .tree({ 'db/migrations/001_init.sql': BASE_SCHEMA })
      .blobRequest()
      .updateCheck()
      .createReview()
      .createComment(700);
    await app.receive('pull_request', pullRequestEvent('opened'));
    github.assertDone();
    const summary = { id: 700, body: github.bodies('POST', '/issues/7/comments')[0].body as string };

    const next = new GitHubMock();
    next
      .createCheck(101)
      .context({ summary, threads: github.postedThreads() })
      .files([{ filename: 'src/index.ts', patch: '@@ -1 +1 @@\n-a\n+b' }])
      .updateCheck(101)
      .resolveThreads()
      .updateComment(700);
    await app.receive('pull_request', pullRequestEvent('synchronize', { head: 'c'.repeat(40) }));
    next.assertDone();
    expect(next.bodies('PATCH', '/check-runs/101')[0]).toMatchObject({ conclusion: 'success', output: { title: 'No migrations changed' } });
    expect(next.calls.find((call) => call.body?.query?.includes('dbarchResolve'))?.body.variables).toEqual({ t0: 'thread-1' });
    expect(next.bodies('PATCH', '/issues/comments/700')[0].body).toMatchInlineSnapshot(`
     "<!-- dbarch:summary -->

     ## ✅ dbarch: no migrations changed

     The latest push (\`ccccccc\`) changes no migration, model or dbarch config file any more, so there is nothing to review: the earlier review of this pull request no longer applies.

     <sub>dbarch 0.1.0</sub>

     <!-- dbarch:state {"version":1,"headSha":"cccccccccccccccccccccccccccccccccccccccc","checkRunId":101,"risk":"safe","failing":false,"findings":[],"acks":[]} -->
     "
    `);
  });
});
