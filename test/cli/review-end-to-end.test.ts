import { afterEach, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { SUMMARY_MARKER } from '../../src/render/markdown.js';
import { makeGitRepository, makeTempFolder, removeFolder, writeFiles } from '../collect/temp-folders.js';
import { runCli } from './run-cli.js';

/**
 * `dbarch review` with the real engine: collect, classify, parse, rules, render, exit code. With
 * --no-dry-run: the dry run through the CLI is test/dry-run/cli-dry-run.test.ts's subject.
 */

const INIT = 'CREATE TABLE users (id bigint PRIMARY KEY, email text);\n';
const INDEX = 'CREATE INDEX users_email_idx ON users (email);\n';

let root: string;
afterEach(() => removeFolder(root));

function project(extra: Record<string, string> = {}): string {
  return makeTempFolder({ 'db/migrations/001_init.sql': INIT, 'db/migrations/002_index.sql': INDEX, ...extra });
}

describe('dbarch review PATH', () => {
  it('fails a migration that blocks writes on a table an earlier migration created', async () => {
    root = project();
    const run = await runCli(['review', '--no-dry-run', 'db/migrations/002_index.sql'], { cwd: root });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('db/migrations/002_index.sql:1:1  error  create-index-non-concurrently');
    expect(run.stdout).toContain('    fix: Build the index concurrently');
    // The source excerpt is part of the long form.
    expect(run.stdout).not.toContain(' | CREATE INDEX');
    const verbose = await runCli(['review', '--no-dry-run', '--verbose', 'db/migrations/002_index.sql'], { cwd: root });
    expect(verbose.stdout).toContain('    1 | CREATE INDEX users_email_idx ON users (email);');
    expect(run.stdout).toMatch(/Risk: downtime — 1 file reviewed/);
    expect(run.stderr).toBe('');
  });

  it('passes when the table is new in the same change', async () => {
    root = project();
    const run = await runCli(['review', '--no-dry-run', 'db/migrations'], { cwd: root });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/Risk: safe — 2 files reviewed/);
  });

  it('prints nothing but the JSON review with --format json', async () => {
    root = project();
    const run = await runCli(['review', '--no-dry-run', 'db/migrations/002_index.sql', '--format', 'json'], { cwd: root });
    const review = JSON.parse(run.stdout);
    expect(review).toMatchObject({ schema: 'dbarch.review/v1', risk: 'downtime' });
    expect(review.files.map((file: { path: string }) => file.path)).toEqual(['db/migrations/002_index.sql']);
    expect(review.findings[0]).toMatchObject({ ruleId: 'create-index-non-concurrently', line: 1, severity: 'error' });
    expect(run.stderr).toBe('');
  });

  it('renders SARIF with the rule metadata and markdown with the summary marker', async () => {
    root = project();
    const sarif = JSON.parse(
      (await runCli(['review', '--no-dry-run', 'db/migrations/002_index.sql', '--format', 'sarif'], { cwd: root })).stdout,
    );
    const rule = sarif.runs[0].tool.driver.rules.find((candidate: { id: string }) => candidate.id === 'create-index-non-concurrently');
    expect(rule.helpUri).toMatch(/create-index-non-concurrently\.md$/);
    expect(sarif.runs[0].results[0]).toMatchObject({ ruleId: 'create-index-non-concurrently', level: 'error' });
    const markdown = (await runCli(['review', '--no-dry-run', 'db/migrations/002_index.sql', '--format', 'markdown'], { cwd: root }))
      .stdout;
    expect(markdown.startsWith(`${SUMMARY_MARKER}\n`)).toBe(true);
    expect(markdown).toContain('`users` SHARE');
  });
});

describe('dbarch review config', () => {
  it('reads .github/dbarch.yml, and the flags override it', async () => {
    root = project({ '.github/dbarch.yml': 'failOn: destructive\n' });
    expect((await runCli(['review', '--no-dry-run', 'db/migrations/002_index.sql'], { cwd: root })).exitCode).toBe(0);
    expect((await runCli(['review', '--no-dry-run', 'db/migrations/002_index.sql', '--fail-on', 'downtime'], { cwd: root })).exitCode).toBe(
      1,
    );
  });

  it('reads --config FILE, relative to the current folder', async () => {
    root = project({ 'ci/dbarch.yml': 'rules:\n  create-index-non-concurrently: off\n' });
    const run = await runCli(['review', '--no-dry-run', 'migrations/002_index.sql', '--config', '../ci/dbarch.yml'], {
      cwd: join(root, 'db'),
    });
    expect(run.exitCode).toBe(0);
  });

  it('exits 2 naming the bad key of an invalid config', async () => {
    root = project({ '.github/dbarch.yml': 'failOn: sometimes\nfail_on: never\n' });
    const run = await runCli(['review', '--no-dry-run', 'db/migrations/002_index.sql'], { cwd: root });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/^dbarch: .*\.github\/dbarch\.yml: invalid config: .*fail_on/);
    expect(run.stdout).toBe('');
  });

  it('exits 2 when --config names a file that does not exist', async () => {
    root = project();
    const run = await runCli(['review', '--no-dry-run', 'db', '--config', 'missing.yml'], { cwd: root });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/missing\.yml: cannot read config/);
  });
});

describe('dbarch review --base', () => {
  it('reviews what changed since the ref, against the schema that exists there', async () => {
    root = makeGitRepository({ 'db/migrations/001_init.sql': INIT, '.github/dbarch.yml': 'pgVersion: 15\n' });
    writeFiles(root, { 'db/migrations/002_index.sql': INDEX });
    const run = await runCli(['review', '--no-dry-run', '--base', 'main', '--format', 'json'], { cwd: join(root, 'db') });
    expect(run.exitCode).toBe(1);
    const review = JSON.parse(run.stdout);
    expect(review.files.map((file: { path: string }) => file.path)).toEqual(['db/migrations/002_index.sql']);
    expect(review.label).toBe('main..working tree');
  });

  it('passes when nothing risky changed', async () => {
    root = makeGitRepository({ 'db/migrations/001_init.sql': INIT });
    const run = await runCli(['review', '--no-dry-run', '--base', 'HEAD'], { cwd: root });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/Risk: safe — 0 files reviewed/);
  });

  it('exits 2 on an unknown ref', async () => {
    root = makeGitRepository({ 'db/migrations/001_init.sql': INIT });
    const run = await runCli(['review', '--no-dry-run', '--base', 'origin/nope'], { cwd: root });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/^dbarch: unknown git ref "origin\/nope"/);
  });
});
