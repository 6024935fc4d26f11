import { afterEach, describe, expect, it } from '@jest/globals';
import { toolInfo } from '../../src/render/tool-info.js';
import { makeTempFolder, removeFolder } from '../collect/temp-folders.js';
import { riskyReview, safeReview } from '../render/fixtures/reviews.js';
import { fakeEngine, runCli } from './run-cli.js';

/** The command line's contract without the engine: arguments, exit codes, errors, progress. */

let root: string;
afterEach(() => removeFolder(root));

function project(): string {
  return makeTempFolder({ 'db/migrations/001_init.sql': 'CREATE TABLE users (id bigint);\n' });
}

describe('dbarch usage', () => {
  it('prints the version', async () => {
    root = project();
    const run = await runCli(['--version'], { cwd: root });
    expect(run).toEqual({ exitCode: 0, stdout: `${toolInfo().version}\n`, stderr: '' });
  });

  it('prints help for the review command with every option of the contract', async () => {
    root = project();
    const run = await runCli(['review', '--help'], { cwd: root });
    expect(run.exitCode).toBe(0);
    for (const option of [
      '--base <ref>',
      '--format <format>',
      '--config <file>',
      '--pg-version <n>',
      '--no-llm',
      '--no-dry-run',
      '--fail-on <level>',
    ]) {
      expect(run.stdout).toContain(option);
    }
  });

  it.each([
    [['--help'], ['dbarch review --base origin/main', 'dbarch init ']],
    [
      ['review', '--help'],
      ['dbarch review db/migrations/0042_add_index.sql', '--format sarif > out.sarif'],
    ],
  ])('ends %j with examples and the exit codes', async (argv, examples) => {
    root = project();
    const run = await runCli(argv, { cwd: root });
    expect(run.exitCode).toBe(0);
    const after = run.stdout.slice(run.stdout.indexOf('\nExamples:\n'));
    for (const example of examples) expect(after).toContain(example);
    expect(after).toMatch(/\nExit codes:\n {2}0 {2}.*\n {2}1 {2}.*a file could not be reviewed.*\n {2}2 {2}usage error, invalid config/s);
  });

  it('ends init --help with its examples', async () => {
    root = project();
    const run = await runCli(['init', '--help'], { cwd: root });
    expect(run.stdout).toMatch(/\nExamples:\n {2}dbarch init {2,}.*\n {2}dbarch init --pre-commit .*\n {2}dbarch init --force /);
  });

  it.each([
    [['review', '--format', 'xml'], /argument 'xml' is invalid. Allowed choices are text, json, markdown, sarif/],
    [['review', '--fail-on', 'sometimes'], /Allowed choices are destructive, downtime, warning, never/],
    [['review', '--pg-version', 'sixteen'], /expected a major PostgreSQL version from 9 to 19/],
    [['review', '--pg-version', '8'], /expected a major PostgreSQL version from 9 to 19/],
    [['review', '--colour'], /unknown option '--colour'/],
    [['lint'], /unknown command 'lint'/],
    [[], /Usage: dbarch/],
  ])('exits 2 on the usage error in %j', async (argv, message) => {
    root = project();
    const { engine, calls } = fakeEngine(safeReview());
    const run = await runCli(argv, { cwd: root, engine });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe('');
    expect(calls).toHaveLength(0);
  });

  it('exits 2 naming a path that does not exist', async () => {
    root = project();
    const run = await runCli(['review', 'db/nope.sql'], { cwd: root, engine: fakeEngine(safeReview()).engine });
    expect(run).toMatchObject({ exitCode: 2, stdout: '', stderr: 'dbarch: db/nope.sql: no such file or directory\n' });
  });

  it('exits 2 when --base is used outside a git checkout', async () => {
    root = project();
    const run = await runCli(['review', '--base', 'main'], { cwd: root, engine: fakeEngine(safeReview()).engine });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/^dbarch: --base needs a git checkout/);
  });

  it('exits 2 and says so on an internal error', async () => {
    root = project();
    const { engine } = fakeEngine(async () => {
      throw new Error('parser exploded');
    });
    const run = await runCli(['review', 'db'], { cwd: root, engine });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/^dbarch: internal error: Error: parser exploded\n/);
    // One line and where to report, no stack trace (DEBUG=1 prints it).
    expect(run.stderr).toContain('please report it at https://github.com/dbarch-dev/dbarch/issues');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('dbarch review exit codes and options', () => {
  it('exits 0 below --fail-on and 1 at or above it', async () => {
    root = project();
    const { engine } = fakeEngine(riskyReview());
    expect((await runCli(['review', 'db'], { cwd: root, engine })).exitCode).toBe(1);
    expect((await runCli(['review', 'db', '--fail-on', 'destructive'], { cwd: root, engine })).exitCode).toBe(1);
    expect((await runCli(['review', 'db', '--fail-on', 'never'], { cwd: root, engine })).exitCode).toBe(0);
    expect((await runCli(['review', 'db'], { cwd: root, engine: fakeEngine(safeReview()).engine })).exitCode).toBe(0);
  });

  it('passes --no-llm and --no-dry-run on to the engine', async () => {
    root = project();
    const { engine, calls } = fakeEngine(safeReview());
    await runCli(['review', 'db'], { cwd: root, engine });
    await runCli(['review', 'db', '--no-llm', '--no-dry-run'], { cwd: root, engine });
    expect(calls.map(({ llm, dryRun }) => ({ llm, dryRun }))).toEqual([
      { llm: true, dryRun: true },
      { llm: false, dryRun: false },
    ]);
  });

  it('prints only JSON on stdout with --format json', async () => {
    root = project();
    const run = await runCli(['review', 'db', '--format', 'json'], {
      cwd: root,
      isTTY: true,
      engine: fakeEngine(riskyReview(), 30).engine,
    });
    expect(JSON.parse(run.stdout)).toMatchObject({ schema: 'dbarch.review/v1', risk: 'destructive' });
    expect(run.stdout.trim().startsWith('{')).toBe(true);
  });

  it('draws progress on a terminal for big reviews, and clears it before the output', async () => {
    root = project();
    const run = await runCli(['review', 'db'], { cwd: root, isTTY: true, engine: fakeEngine(safeReview(), 25).engine });
    expect(run.stderr).toContain('\r\u001b[K[1/25] file-1.sql');
    expect(run.stderr).toContain('[25/25] file-25.sql');
    expect(run.stderr.endsWith('\r\u001b[K')).toBe(true);
  });

  it('draws no progress when stderr is not a terminal or the review is small', async () => {
    root = project();
    expect((await runCli(['review', 'db'], { cwd: root, isTTY: false, engine: fakeEngine(safeReview(), 25).engine })).stderr).toBe('');
    expect((await runCli(['review', 'db'], { cwd: root, isTTY: true, engine: fakeEngine(safeReview(), 20).engine })).stderr).toBe('');
  });
});
