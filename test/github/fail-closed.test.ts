import { describe, expect, test } from '@jest/globals';
import type { Changeset } from '../../src/review-types/index.js';
import { GitHubMock, useGitHubMock, type PullFile } from './helpers/github-mock.js';
import { addedPatch, BASE_MIGRATIONS, DROP_SQL, expectReview, migration, SAFE_SQL } from './helpers/scenarios.js';
import { createTestApp } from './helpers/test-app.js';
import { checkRunActionEvent, checkSuiteRerequestedEvent, pullRequestEvent } from './helpers/webhooks.js';

/**
 * Fail closed on the App (issue 12): what cannot be reviewed never passes the required check.
 * GitHub counts `neutral` as passing, so a review that cannot finish concludes `failure`, with the
 * reason and a button to run it again.
 */
let github: GitHubMock;
useGitHubMock((mock) => (github = mock));

const RERUN = [{ label: 'Re-run review', description: 'Review this commit again', identifier: 'dbarch-rerun' }];

/** A YAML alias bomb: nine levels of nine aliases (the yaml package refuses to expand it). */
function aliasBomb(): string {
  const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x]'];
  for (let level = 1; level <= 9; level += 1)
    lines.push(`a${level}: &a${level} [${Array.from({ length: 9 }, () => `*a${level - 1}`).join(', ')}]`);
  return `${lines.join('\n')}\nfailOn: *a9\n`;
}

describe('a review that cannot finish', () => {
  test('a PR-side .github/dbarch.yml with a YAML alias bomb fails the check (invalid-config), never neutral', async () => {
    const app = await createTestApp();
    const files: PullFile[] = [migration('002_drop.sql', DROP_SQL), { filename: '.github/dbarch.yml', content: aliasBomb() }];
    github.createCheck().context().files(files).tree(BASE_MIGRATIONS).blobRequest().updateCheck();
    await app.receive('pull_request', pullRequestEvent('opened', { changedFiles: 2 }));
    github.assertDone();
    const completed = github.bodies('PATCH', '/check-runs/100')[0];
    // The bounded YAML loader refuses the bomb without expanding it: the config file gets an
    // invalid-config error, the migration is still reviewed, and the check fails on both.
    expect(completed).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(completed.output.title).toMatch(/destructive/);
    expect(completed.output.text).toMatch(/invalid-config.*more than 50 aliases/);
  });

  test('a crash concludes failure with the reason and the re-run button; the button reviews the head again', async () => {
    let crashes = 1;
    const { review } = await import('../../src/engine/review.js');
    const app = await createTestApp({
      review: async (changeset, config) => {
        if (crashes-- > 0) throw new Error('parser exploded');
        return review(changeset, config);
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
    expect(github.bodies('PATCH', '/check-runs/100')[0]).toMatchObject({ conclusion: 'failure', actions: RERUN });
    expect(github.bodies('PATCH', '/check-runs/100')[0].output.summary).toContain('parser exploded');

    const again = new GitHubMock();
    again.pull();
    expectReview(again, [migration('002_safe.sql', SAFE_SQL)], { checkId: 101 }).createComment();
    await app.receive('check_run', checkRunActionEvent('dbarch-rerun'));
    again.assertDone();
    expect(again.bodies('PATCH', '/check-runs/101')[0]).toMatchObject({ conclusion: 'success' });
    expect(again.bodies('PATCH', '/check-runs/101')[0].actions).toBeUndefined();
  });

  test('"Re-run all checks" (check_suite.rerequested) reviews the head of the suite\'s pull request again', async () => {
    const app = await createTestApp();
    expectReview(github, [migration('002_safe.sql', SAFE_SQL)]).createComment();
    await app.receive('pull_request', pullRequestEvent('opened'));
    github.assertDone();

    const again = new GitHubMock();
    again.pull();
    expectReview(again, [migration('002_safe.sql', SAFE_SQL)], { checkId: 101 }).createComment();
    await app.receive('check_suite', checkSuiteRerequestedEvent());
    again.assertDone();
    expect(again.bodies('POST', '/check-runs')).toHaveLength(1);
    expect(again.bodies('PATCH', '/check-runs/101')[0].status).toBe('completed');
  });
});

describe('large files', () => {
  /** DROP TABLE followed by 0.6 MB of comments: GraphQL's Blob.text comes back truncated. */
  const padded = `${DROP_SQL}${'-- padding padding padding padding padding padding padding\n'.repeat(10_500)}`;

  test('a 0.6 MB migration GraphQL truncates is read whole through the git blobs API and reviewed', async () => {
    expect(Buffer.byteLength(padded)).toBeGreaterThan(600_000);
    const app = await createTestApp();
    const file: PullFile = { ...migration('002_drop.sql', DROP_SQL), content: padded, truncated: true };
    github.createCheck().context().files([file]).tree(BASE_MIGRATIONS).blobRequest().gitBlob(padded).updateCheck().createReview();
    github.createComment();
    await app.receive('pull_request', pullRequestEvent('opened'));
    github.assertDone();
    const completed = github.bodies('PATCH', '/check-runs/100')[0];
    expect(completed.conclusion).toBe('failure');
    expect(completed.output.title).toMatch(/destructive/);
  });

  test('a blob the git blobs API cannot serve is a skipped file with the reason, not content', async () => {
    const reviewed: Changeset[] = [];
    const { review } = await import('../../src/engine/review.js');
    const app = await createTestApp({
      review: async (changeset, config) => {
        reviewed.push(changeset);
        return review(changeset, config);
      },
      retry: false,
    });
    const file: PullFile = { ...migration('002_drop.sql', DROP_SQL), content: padded, truncated: true };
    github.createCheck().context().files([file]).tree(BASE_MIGRATIONS).blobRequest().gitBlob(padded, 500).updateCheck();
    github.scope.post(/.*/).optionally().reply(201, { id: 1 });
    github.scope.patch(/.*/).optionally().reply(200, { id: 1 });
    await app.receive('pull_request', pullRequestEvent('opened'));
    const [changed] = reviewed[0]!.files;
    expect(changed).toMatchObject({ path: 'db/migrations/002_drop.sql' });
    expect(changed).not.toHaveProperty('content');
    expect(changed!.skipReason).toMatch(/^could not be fetched from GitHub/);
  });
});

/**
 * The bypasses of issue 12 on the App, with GitHub at the HTTP edge: each used to pass the required
 * check or never reach the engine as what it is. The file's bytes come through the git blobs API
 * raw and are decoded as the CLI decodes a local file.
 */
describe('hostile files on the App', () => {
  /** The check run's completion after a review of one changed file; the migration is reviewed after the blob request. */
  async function reviewOne(file: PullFile, rawBytes?: string | Buffer) {
    const app = await createTestApp();
    github.createCheck().context().files([file]).tree(BASE_MIGRATIONS).blobRequest();
    if (rawBytes !== undefined) github.gitBlob(rawBytes);
    github.updateCheck();
    github.scope.post(/.*/).optionally().times(5).reply(201, { id: 1 });
    github.scope.patch(/.*/).optionally().times(5).reply(200, { id: 1 });
    await app.receive('pull_request', pullRequestEvent('opened'));
    github.assertDone();
    return github.bodies('PATCH', '/check-runs/100')[0];
  }

  test('DROP TABLE padded to 1.5 MB (the App used to stop at 1 MB) is reviewed whole: failure, destructive', async () => {
    const padded = `${DROP_SQL}${'-- padding padding padding padding padding padding padding\n'.repeat(27_500)}`;
    expect(Buffer.byteLength(padded)).toBeGreaterThan(1.5 * 1024 * 1024);
    const completed = await reviewOne({ ...migration('002_drop.sql', DROP_SQL), content: padded, truncated: true }, padded);
    expect(completed).toMatchObject({ conclusion: 'failure', output: { title: expect.stringMatching(/destructive/) } });
    expect(completed.output.annotations).toContainEqual(expect.objectContaining({ path: 'db/migrations/002_drop.sql', start_line: 1 }));
  });

  test('a file over the 100 MB limit is not downloaded, and fails the check as not reviewed', async () => {
    const file: PullFile = { ...migration('002_huge.sql', DROP_SQL), content: DROP_SQL, truncated: true, byteSize: 101 * 1024 * 1024 };
    const completed = await reviewOne(file);
    expect(completed.conclusion).toBe('failure');
    expect(completed.output.text).toMatch(/not-reviewed.*file too large \(101\.0 MB; the limit is 100 MB\)/);
  });

  test('a NUL byte: not reviewed at its line, and the check fails', async () => {
    const bytes = Buffer.from('DROP TABLE legacy_orders;\n-- \0\n');
    const completed = await reviewOne({ ...migration('002_nul.sql', 'x'), content: null, bytes }, bytes);
    expect(completed.conclusion).toBe('failure');
    expect(completed.output.annotations).toContainEqual(
      expect.objectContaining({ start_line: 2, message: expect.stringContaining('binary file (contains NUL bytes)') }),
    );
  });

  test('a Latin-1 file, whose GraphQL text is not its bytes: not reviewed at the first invalid line, and the check fails', async () => {
    const bytes = Buffer.from('-- ok\n-- caf\xe9\nDROP TABLE legacy_orders;\n', 'latin1');
    // What GitHub answers as text for it (transcoded): reviewing that would review a file the migration tool never reads.
    const file: PullFile = { ...migration('002_latin1.sql', 'x'), content: bytes.toString('latin1'), bytes };
    const completed = await reviewOne(file, bytes);
    expect(completed.conclusion).toBe('failure');
    expect(completed.output.annotations).toContainEqual(
      expect.objectContaining({ start_line: 2, message: expect.stringContaining('not valid UTF-8 (first invalid byte on line 2') }),
    );
  });

  test('a models.py nested 3,000 deep fails the check as not reviewed instead of crashing the review', async () => {
    const models = `from sqlalchemy.orm import DeclarativeBase\n\nclass Base(DeclarativeBase):\n    pass\n\nx = ${'('.repeat(3000)}1${')'.repeat(3000)}\n`;
    const completed = await reviewOne({ filename: 'app/models.py', patch: addedPatch(models), content: models });
    expect(completed.conclusion).toBe('failure');
    expect(completed.output.annotations).toContainEqual(
      expect.objectContaining({ path: 'app/models.py', start_line: 6, message: expect.stringContaining('more than 200 nested brackets') }),
    );
  });
});

test('exactly 3,000 changed files: no "more were not reviewed" note', async () => {
  const reviewed: Record<string, string>[] = [];
  const { review } = await import('../../src/engine/review.js');
  const app = await createTestApp({
    review: async (changeset, config) => {
      const result = await review(changeset, config);
      reviewed.push(result.stats.skipped);
      return result;
    },
  });
  const files: PullFile[] = Array.from({ length: 3000 }, (_, index) => ({
    filename: `src/file-${index}.ts`,
    patch: '@@ -1 +1 @@\n-a\n+b',
  }));
  files[2999] = migration('002_safe.sql', SAFE_SQL);
  github.createCheck().context().files(files).tree({}).blobRequest().updateCheck().createComment();
  await app.receive('pull_request', pullRequestEvent('opened', { changedFiles: 3000 }));
  github.assertDone();
  expect(github.bodies('POST', '/issues/7/comments')[0].body).not.toContain('more were not reviewed');
});
