import { afterEach, describe, expect, it } from '@jest/globals';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { parseConfig } from '../../src/config/load-config.js';
import { classifyPath } from '../../src/classify/classify-file.js';
import { git, makeTempFolder, removeFolder } from '../collect/temp-folders.js';
import { runCli } from './run-cli.js';

/** `dbarch init` on small projects of the four kinds dbarch meets most: files as their tools lay them out. */
const PROJECTS: Record<string, { files: Record<string, string>; folders: string[]; tools: string[] }> = {
  'golang-migrate': {
    files: {
      'db/migrations/000001_users.up.sql': 'CREATE TABLE users (id bigint PRIMARY KEY);\n',
      'db/migrations/000001_users.down.sql': 'DROP TABLE users;\n',
      'db/seeds.sql': 'INSERT INTO users VALUES (1);\n',
      'docker-compose.yml': 'services:\n  db:\n    image: postgres:15-alpine\n',
    },
    folders: ['db/migrations'],
    tools: ['golang-migrate'],
  },
  prisma: {
    files: {
      'prisma/schema.prisma': 'datasource db {\n  provider = "postgresql"\n  url = env("DATABASE_URL")\n}\n',
      'prisma/migrations/20240101000000_init/migration.sql': 'CREATE TABLE "User" (id serial PRIMARY KEY);\n',
      'prisma/migrations/migration_lock.toml': 'provider = "postgresql"\n',
    },
    folders: ['prisma/migrations'],
    tools: ['prisma'],
  },
  alembic: {
    files: {
      'alembic.ini': '[alembic]\nscript_location = alembic\n',
      'alembic/versions/0001_users.py':
        "revision = '0001'\ndown_revision = None\n\nfrom alembic import op\n\ndef upgrade():\n    op.create_table('users')\n\ndef downgrade():\n    op.drop_table('users')\n",
      'app/models.py': 'from sqlalchemy.orm import DeclarativeBase\n\nclass Base(DeclarativeBase):\n    pass\n',
    },
    folders: ['alembic/versions'],
    tools: ['alembic'],
  },
  flyway: {
    files: {
      'src/main/resources/db/migration/V1__init.sql': 'CREATE TABLE users (id bigint PRIMARY KEY);\n',
      'src/main/resources/db/migration/V2__email.sql': 'ALTER TABLE users ADD COLUMN email text;\n',
      'sql/reports/R__daily.sql': 'CREATE OR REPLACE VIEW daily AS SELECT 1;\n',
    },
    folders: ['sql/reports', 'src/main/resources/db/migration'],
    tools: ['flyway'],
  },
};

let root: string | undefined;
afterEach(() => {
  if (root) removeFolder(root);
  root = undefined;
});

function project(files: Record<string, string>): string {
  root = makeTempFolder(files);
  git(root, 'init', '--quiet');
  return root;
}

describe('dbarch init', () => {
  for (const [name, expected] of Object.entries(PROJECTS)) {
    it(`detects a ${name} project and writes a valid config and a workflow that runs the Action on its migrations`, async () => {
      const folder = project(expected.files);
      const run = await runCli(['init'], { cwd: folder });
      expect(run.exitCode).toBe(0);
      for (const path of expected.folders) expect(run.stdout).toContain(path);
      const text = readFileSync(join(folder, '.github/dbarch.yml'), 'utf8');
      expect(text).toContain(`# Migration tools found: ${expected.tools.join(', ')}`);
      const config = parseConfig(text);
      // Every migration of the project is still a migration with the written config.
      for (const path of Object.keys(expected.files).filter((file) => /(versions|migrations?)\/.*\.(sql|py)$/.test(file))) {
        expect([path, classifyPath(path, config)]).not.toEqual([path, 'other']);
      }
      const workflow = parse(readFileSync(join(folder, '.github/workflows/dbarch.yml'), 'utf8'));
      expect(workflow.on.pull_request.paths).toEqual(
        expect.arrayContaining([...expected.folders.map((path) => `${path}/**`), '.github/dbarch.yml']),
      );
      expect(workflow.permissions).toEqual({ contents: 'read', checks: 'write', 'pull-requests': 'write' });
      const steps = workflow.jobs['review-migrations'].steps;
      expect(steps[0]).toEqual({ uses: 'actions/checkout@v4', with: { 'fetch-depth': 0 } });
      expect(steps[1].uses).toMatch(/^dbarch-dev\/dbarch@v\d/);
    });
  }

  it("writes only what differs from the defaults: the compose file's PostgreSQL version and the SQL migration folder", async () => {
    const folder = project(PROJECTS['golang-migrate']!.files);
    await runCli(['init'], { cwd: folder });
    const config = parse(readFileSync(join(folder, '.github/dbarch.yml'), 'utf8'));
    expect(config).toEqual({ pgVersion: 15, paths: { 'sql-migration': ['db/migrations/**/*.sql'] } });
    // The seed file is no migration any more.
    expect(classifyPath('db/seeds.sql', parseConfig(readFileSync(join(folder, '.github/dbarch.yml'), 'utf8')))).toBe('other');
    const prisma = project(PROJECTS.prisma!.files);
    await runCli(['init'], { cwd: prisma });
    // Prisma's layout is the default: nothing to set, the file says so.
    expect(parse(readFileSync(join(prisma, '.github/dbarch.yml'), 'utf8'))).toBeNull();
    expect(readFileSync(join(prisma, '.github/dbarch.yml'), 'utf8')).toContain('# failOn: downtime');
  });

  it('never replaces a file that exists without --force', async () => {
    const folder = project({ ...PROJECTS.prisma!.files, '.github/dbarch.yml': 'failOn: never\n' });
    const run = await runCli(['init'], { cwd: folder });
    expect(run.stdout).toContain('kept    .github/dbarch.yml (it exists; --force replaces it)');
    expect(run.stdout).toContain('wrote   .github/workflows/dbarch.yml');
    expect(readFileSync(join(folder, '.github/dbarch.yml'), 'utf8')).toBe('failOn: never\n');
    writeFileSync(join(folder, '.github/workflows/dbarch.yml'), '# mine\n');
    await runCli(['init'], { cwd: folder });
    expect(readFileSync(join(folder, '.github/workflows/dbarch.yml'), 'utf8')).toBe('# mine\n');
    await runCli(['init', '--force'], { cwd: folder });
    expect(readFileSync(join(folder, '.github/dbarch.yml'), 'utf8')).toContain('written by `dbarch init`');
    expect(readFileSync(join(folder, '.github/workflows/dbarch.yml'), 'utf8')).toContain('dbarch-dev/dbarch@v');
  });

  it('writes an executable git pre-commit hook on request, and shows the pre-commit framework entry when the project uses it', async () => {
    const folder = project({ ...PROJECTS.flyway!.files, '.pre-commit-config.yaml': 'repos: []\n' });
    const run = await runCli(['init', '--pre-commit'], { cwd: folder });
    const hook = join(folder, '.git/hooks/pre-commit');
    expect(readFileSync(hook, 'utf8')).toContain('exec npx --no-install dbarch review --base HEAD --no-llm');
    expect(statSync(hook).mode & 0o111).not.toBe(0);
    expect(run.stdout).toContain('repo: https://github.com/dbarch-dev/dbarch');
    expect(run.stdout).toContain('- id: dbarch');
    // Without the flag, no hook.
    const other = project(PROJECTS.prisma!.files);
    await runCli(['init'], { cwd: other });
    expect(() => statSync(join(other, '.git/hooks/pre-commit'))).toThrow();
  });

  it('offers the hook the pre-commit framework runs, from this repository', () => {
    const hooks = parse(readFileSync(new URL('../../.pre-commit-hooks.yaml', import.meta.url), 'utf8'));
    expect(hooks).toEqual([expect.objectContaining({ id: 'dbarch', language: 'node', entry: expect.stringContaining('dbarch review') })]);
  });
});
