import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nock from 'nock';
import { runAction } from '../../src/action/run-action.js';
import { loadEngine } from '../../src/cli/engine-port.js';
import { SUMMARY_MARKER } from '../../src/render/markdown.js';
import { git, makeGitRepository, makeTempFolder, removeFolder, writeFiles } from '../collect/temp-folders.js';
import { GitHubMock, useGitHubMock } from '../github/helpers/github-mock.js';
import { instantOctokit } from '../github/helpers/test-octokit.js';
import { pullRequestEvent } from '../github/helpers/webhooks.js';

/**
 * The Action's entrypoint run as the runner runs it: a real `pull_request` payload from
 * @octokit/webhooks-examples at GITHUB_EVENT_PATH, a token, GITHUB_API_URL at GitHub's stand-in
 * (nock at the HTTP edge, no other network), and a git checkout with base and head commits in
 * GITHUB_WORKSPACE. The engine is the real one (parser and rules; the dry run is covered elsewhere).
 */
const INIT = 'CREATE TABLE users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text NOT NULL);\n';
const INDEX = 'CREATE INDEX users_email_idx ON users (email);\n';

let workspace: string;
let runnerFolder: string;
let github: GitHubMock;
useGitHubMock((mock) => (github = mock));

beforeEach(() => {
  // The base sets failOn explicitly; the pull request tries to weaken it, which must not count.
  workspace = makeGitRepository({ 'db/migrations/001_init.sql': INIT, '.github/dbarch.yml': 'failOn: downtime\n' });
  writeFiles(workspace, { 'db/migrations/002_index.sql': INDEX, '.github/dbarch.yml': 'failOn: never\n' });
  git(workspace, 'add', '--all');
  git(workspace, 'commit', '--quiet', '--message', 'head');
  runnerFolder = makeTempFolder();
});

afterEach(() => {
  removeFolder(workspace);
  removeFolder(runnerFolder);
});

function runnerEnv(options: { event?: object } = {}): Record<string, string> {
  const event = options.event ?? pullRequestEvent('opened');
  const payload = event as { pull_request: { base: { sha: string }; head: { sha: string } } };
  payload.pull_request.base.sha = git(workspace, 'rev-parse', 'HEAD~1').trim();
  payload.pull_request.head.sha = git(workspace, 'rev-parse', 'HEAD').trim();
  const eventPath = join(runnerFolder, 'event.json');
  writeFileSync(eventPath, JSON.stringify(event));
  const summaryPath = join(runnerFolder, 'step-summary.md');
  writeFileSync(summaryPath, '');
  return {
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_TOKEN: 'ghs_test_token_not_real',
    GITHUB_API_URL: 'https://api.github.com',
    GITHUB_WORKSPACE: workspace,
    GITHUB_STEP_SUMMARY: summaryPath,
    INPUT_CONFIG: '.github/dbarch.yml',
    INPUT_DRY_RUN: 'false',
  };
}

async function run(env: Record<string, string>) {
  let stdout = '';
  let stderr = '';
  const io = { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text) } };
  const exitCode = await runAction({ env, io, loadEngine, Octokit: instantOctokit() });
  return { exitCode, stdout, stderr, summary: readFileSync(env.GITHUB_STEP_SUMMARY!, 'utf8') };
}

describe('the dbarch Action', () => {
  it('completes the dbarch check with annotations, posts the inline review and the sticky summary, and fails the job', async () => {
    github.createCheck(100).context().updateCheck(100).createReview().createComment(700);
    const result = await run(runnerEnv());
    github.assertDone();
    expect(result.exitCode).toBe(1);
    const [created] = github.bodies('POST', '/check-runs');
    expect(created).toMatchObject({ name: 'dbarch', status: 'in_progress', head_sha: git(workspace, 'rev-parse', 'HEAD').trim() });
    const [completed] = github.bodies('PATCH', '/check-runs/100');
    expect(completed.conclusion).toBe('failure');
    expect(completed.output.annotations).toContainEqual(
      expect.objectContaining({ path: 'db/migrations/002_index.sql', start_line: 1, annotation_level: 'failure' }),
    );
    const [review] = github.bodies('POST', '/pulls/7/reviews');
    expect(review.comments[0]).toMatchObject({ path: 'db/migrations/002_index.sql', line: 1, side: 'RIGHT' });
    const [comment] = github.bodies('POST', '/issues/7/comments');
    expect(comment.body.startsWith(SUMMARY_MARKER)).toBe(true);
    expect(comment.body).toContain('| `db/migrations/002_index.sql` | sql-migration | ⚠️ downtime |');
    // The job summary gets the same report; only the base's config counted (failOn: downtime).
    expect(result.summary).toContain('dbarch: downtime');
  });

  it('edits the same summary comment on the next run and does not post a finding again', async () => {
    github.createCheck(100).context().updateCheck(100).createReview().createComment(700);
    await run(runnerEnv());
    const firstBody = github.bodies('POST', '/issues/7/comments')[0].body as string;
    const threads = github.postedThreads();
    github.assertDone();
    nock.cleanAll();

    const second = new GitHubMock();
    second
      .createCheck(101)
      .context({ summary: { id: 700, body: firstBody }, threads })
      .updateCheck(101)
      .updateComment(700);
    const result = await run(runnerEnv({ event: pullRequestEvent('synchronize') }));
    second.assertDone();
    expect(result.exitCode).toBe(1);
    expect(second.route()).toEqual(['POST /check-runs', 'GRAPHQL dbarchContext', 'PATCH /check-runs/101', 'PATCH /issues/comments/700']);
    expect(second.bodies('PATCH', '/issues/comments/700')[0].body.startsWith(SUMMARY_MARKER)).toBe(true);
  });

  it('falls back to workflow-command annotations and the job summary when the token is read-only (fork)', async () => {
    github.scope.post('/repos/acme/shop/check-runs').reply(403, { message: 'Resource not accessible by integration' });
    const result = await run(runnerEnv());
    github.assertDone();
    expect(github.route()).toEqual(['POST /check-runs']);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(
      /^::error file=db\/migrations\/002_index\.sql,line=1,endLine=1,col=1,endColumn=\d+,title=dbarch create-index-non-concurrently \(downtime\)::CREATE INDEX/m,
    );
    // Messages are escaped as the runner expects: a newline cannot start a command of its own.
    for (const line of result.stdout.split('\n').filter(Boolean)) expect(line.startsWith('::')).toBe(true);
    expect(result.summary).toContain('dbarch: downtime');
    expect(result.summary).toContain('create-index-non-concurrently');
  });

  it('passes the job when the change is below fail-on, and writes SARIF when asked', async () => {
    github.createCheck(100).context().updateCheck(100).createReview().createComment(700);
    const result = await run({ ...runnerEnv(), INPUT_FAIL_ON: 'destructive', INPUT_SARIF_FILE: 'out/dbarch.sarif' });
    github.assertDone();
    expect(result.exitCode).toBe(0);
    // Written where the workflow asked, for its own upload step; nothing else is uploaded.
    const sarif = JSON.parse(readFileSync(join(workspace, 'out/dbarch.sarif'), 'utf8'));
    expect(sarif.runs[0].results[0]).toMatchObject({ ruleId: 'create-index-non-concurrently' });
    expect(github.bodies('PATCH', '/check-runs/100')[0].conclusion).toBe('success');
  });

  it('fails the check with the reason, never neutral, and exits 2 when the base commit is not checked out', async () => {
    github.createCheck(100).updateCheck(100);
    const env = runnerEnv();
    const event = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH!, 'utf8'));
    event.pull_request.base.sha = 'c'.repeat(40);
    writeFileSync(env.GITHUB_EVENT_PATH!, JSON.stringify(event));
    const result = await run(env);
    github.assertDone();
    expect(result.exitCode).toBe(2);
    const [completed] = github.bodies('PATCH', '/check-runs/100');
    expect(completed.conclusion).toBe('failure');
    expect(completed.output.summary).toContain('fetch-depth: 0');
    expect(result.stdout).toContain('::error::dbarch could not finish the review');
  });

  it('says what is missing when it does not run on a pull request event', async () => {
    const env = runnerEnv();
    writeFileSync(
      env.GITHUB_EVENT_PATH!,
      JSON.stringify({ ref: 'refs/heads/main', repository: { name: 'shop', owner: { login: 'acme' } } }),
    );
    const result = await run(env);
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toContain('::error::dbarch: this event is not about a pull request');
    expect(github.calls).toEqual([]);
    const missing = await run({ ...runnerEnv(), GITHUB_TOKEN: '' });
    expect(missing.stdout).toContain('GITHUB_TOKEN is not set');
  });
});
