import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { git, makeGitRepository, makeTempFolder, removeFolder, writeFiles } from '../collect/temp-folders.js';
import { pullRequestEvent } from '../github/helpers/webhooks.js';

/**
 * The entrypoint as its own process, the way action.yml starts it (`node …/main.js`, here the
 * TypeScript source through tsx), with GITHUB_API_URL at a GitHub stand-in on loopback: what the
 * process prints, the exit code the job gets, and the requests it makes. Probot's Octokit runs as
 * in production (its throttling spaces writes a second apart), so this file runs one scenario each.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
// By URL: the process runs in the workspace, where `--import tsx` would not resolve.
const TSX_LOADER = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;

let workspace: string;
let runner: string;
let server: Server;
let requests: { method: string; url: string; body: any }[];
let routes: Record<string, [number, object]>;

beforeEach(async () => {
  workspace = makeGitRepository({ 'db/migrations/001_init.sql': 'CREATE TABLE users (id bigint PRIMARY KEY, email text);\n' });
  writeFiles(workspace, { 'db/migrations/002_index.sql': 'CREATE INDEX users_email_idx ON users (email);\n' });
  git(workspace, 'add', '--all');
  git(workspace, 'commit', '--quiet', '--message', 'head');
  runner = makeTempFolder();
  requests = [];
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      requests.push({ method: request.method!, url: request.url!, body: body ? JSON.parse(body) : undefined });
      const [status, reply] = routes[`${request.method} ${request.url}`] ?? [404, { message: 'Not Found' }];
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(reply));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});

afterEach(async () => {
  await new Promise((resolve) => server.close(resolve));
  removeFolder(workspace);
  removeFolder(runner);
});

function runEntrypoint(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const event = pullRequestEvent('opened');
  event.pull_request.base.sha = git(workspace, 'rev-parse', 'HEAD~1').trim();
  event.pull_request.head.sha = git(workspace, 'rev-parse', 'HEAD').trim();
  writeFileSync(join(runner, 'event.json'), JSON.stringify(event));
  writeFileSync(join(runner, 'summary.md'), '');
  const env = {
    PATH: process.env.PATH,
    HOME: runner,
    XDG_CACHE_HOME: join(runner, 'cache'),
    GITHUB_EVENT_PATH: join(runner, 'event.json'),
    GITHUB_TOKEN: 'ghs_test_token_not_real',
    GITHUB_API_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    GITHUB_WORKSPACE: workspace,
    GITHUB_STEP_SUMMARY: join(runner, 'summary.md'),
    INPUT_DRY_RUN: 'false',
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', TSX_LOADER, join(ROOT, 'src/action/main.ts')], { cwd: workspace, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 50_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const EMPTY_CONTEXT = {
  data: {
    repository: {
      config: null,
      pullRequest: {
        comments: { pageInfo: { hasNextPage: false }, nodes: [] },
        reviewThreads: { pageInfo: { hasNextPage: false, endCursor: null }, nodes: [] },
      },
    },
  },
};

describe('the Action entrypoint as a process', () => {
  it('completes the check run with annotations, posts the review and the summary comment, and fails the job', async () => {
    routes = {
      'POST /repos/acme/shop/check-runs': [201, { id: 55 }],
      'POST /graphql': [200, EMPTY_CONTEXT],
      'PATCH /repos/acme/shop/check-runs/55': [200, { id: 55 }],
      'POST /repos/acme/shop/pulls/7/reviews': [200, { id: 900 }],
      'POST /repos/acme/shop/issues/7/comments': [201, { id: 700 }],
    };
    const result = await runEntrypoint();
    expect([result.code, result.stderr]).toEqual([1, '']);
    expect(requests.map((request) => `${request.method} ${request.url}`)).toEqual(Object.keys(routes));
    const completed = requests[2]!.body;
    expect(completed).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(completed.output.annotations[0]).toMatchObject({ path: 'db/migrations/002_index.sql', start_line: 1 });
    expect(requests[4]!.body.body).toMatch(/^<!-- dbarch:summary -->/);
  }, 60_000);

  it('falls back to annotations and the job summary on a read-only token, and fails the job', async () => {
    routes = { 'POST /repos/acme/shop/check-runs': [403, { message: 'Resource not accessible by integration' }] };
    const result = await runEntrypoint();
    expect([result.code, result.stderr]).toEqual([1, '']);
    expect(result.stdout).toMatch(/^::notice::dbarch: this token cannot create check runs/m);
    expect(result.stdout).toMatch(/^::error file=db\/migrations\/002_index\.sql,line=1,.*::CREATE INDEX on existing table "users"/m);
    expect(readFileSync(join(runner, 'summary.md'), 'utf8')).toContain('dbarch: downtime');
    expect(requests.map((request) => `${request.method} ${request.url}`)).toEqual(['POST /repos/acme/shop/check-runs']);
    // The token goes to the API, never to the log.
    expect(result.stdout).not.toContain('ghs_test_token_not_real');
  }, 60_000);
});
