import { afterEach, describe, expect, it } from '@jest/globals';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { classifyPath } from '../../src/classify/classify-file.js';
import { CollectError } from '../../src/collect/collect-error.js';
import { collectGitChanges } from '../../src/collect/git-base.js';
import type { PathClassifier } from '../../src/collect/path-classifier.js';
import { defaultConfig } from '../../src/config/load-config.js';
import { git, makeGitRepository, makeTempFolder, removeFolder, writeFiles } from './temp-folders.js';

const config = defaultConfig();
const classify: PathClassifier = (path, options) => classifyPath(path, config, options);

const INIT = 'CREATE TABLE users (id bigint PRIMARY KEY);\n';
const EMAIL = 'ALTER TABLE users ADD COLUMN email text;\n';
const OLD = 'CREATE TABLE legacy (id int);\n';

let root: string;
afterEach(() => removeFolder(root));

function baseRepository(): string {
  return makeGitRepository({
    'db/migrations/001_init.sql': INIT,
    'db/migrations/002_email.sql': EMAIL,
    'db/migrations/003 old table.sql': OLD,
    'README.md': '# app\n',
  });
}

describe('collectGitChanges', () => {
  it('collects committed, uncommitted and untracked changes against the base, with both sides', async () => {
    root = baseRepository();
    writeFiles(root, { 'db/migrations/004_index.sql': 'CREATE INDEX i ON users (email);\n' });
    git(root, 'add', 'db/migrations/004_index.sql');
    git(root, 'commit', '--quiet', '--message', 'index');
    writeFiles(root, {
      'db/migrations/002_email.sql': 'ALTER TABLE users ADD COLUMN email varchar(200);\n',
      'db/migrations/005_untracked.sql': 'DROP TABLE legacy;\n',
      'README.md': '# app, changed\n',
    });
    rmSync(join(root, 'db/migrations/003 old table.sql'));

    const changeset = await collectGitChanges({ cwd: root, base: 'main~1', classify });

    expect(changeset.files).toEqual([
      {
        path: 'db/migrations/002_email.sql',
        status: 'modified',
        baseContent: EMAIL,
        content: 'ALTER TABLE users ADD COLUMN email varchar(200);\n',
      },
      { path: 'db/migrations/003 old table.sql', status: 'removed', baseContent: OLD },
      { path: 'db/migrations/004_index.sql', status: 'added', content: 'CREATE INDEX i ON users (email);\n' },
      { path: 'db/migrations/005_untracked.sql', status: 'added', content: 'DROP TABLE legacy;\n' },
    ]);
    expect(changeset.label).toBe('main~1..working tree');
  });

  it('reads every migration at the base as the base schema', async () => {
    root = baseRepository();
    writeFiles(root, { 'db/migrations/004_index.sql': 'CREATE INDEX i ON users (email);\n' });
    const changeset = await collectGitChanges({ cwd: root, base: 'HEAD', classify });
    expect(changeset.baseFiles).toEqual([
      { path: 'db/migrations/001_init.sql', content: INIT },
      { path: 'db/migrations/002_email.sql', content: EMAIL },
      { path: 'db/migrations/003 old table.sql', content: OLD },
    ]);
  });

  it('brings the files that order the base migrations along (a sqitch plan, a LOADORDER), not other files', async () => {
    const plan = 'orders 2024-01-01T00:00:00Z A <a@b>\nusers 2024-01-02T00:00:00Z A <a@b>\n';
    root = makeGitRepository({
      'db/sqitch.plan': plan,
      'db/deploy/users.sql': INIT,
      'sql/changes/LOADORDER': '1.6/x.sql\n',
      'README.md': '# app\n',
    });
    const changeset = await collectGitChanges({ cwd: root, base: 'HEAD', classify });
    expect(changeset.baseFiles).toEqual([
      { path: 'db/deploy/users.sql', content: INIT },
      { path: 'db/sqitch.plan', content: plan },
      { path: 'sql/changes/LOADORDER', content: '1.6/x.sql\n' },
    ]);
  });

  it('keeps the base content of a renamed migration', async () => {
    root = baseRepository();
    git(root, 'mv', 'db/migrations/002_email.sql', 'db/migrations/002_add_email.sql');
    const changeset = await collectGitChanges({ cwd: root, base: 'HEAD', classify });
    expect(changeset.files).toEqual([
      {
        path: 'db/migrations/002_add_email.sql',
        status: 'renamed',
        previousPath: 'db/migrations/002_email.sql',
        baseContent: EMAIL,
        content: EMAIL,
      },
    ]);
  });

  it('limits the review to the PATHs given with --base, relative to the current folder', async () => {
    root = baseRepository();
    writeFiles(root, {
      'db/migrations/004_a.sql': 'SELECT 1;\n',
      'other/migrations/001_b.sql': 'SELECT 2;\n',
    });
    const changeset = await collectGitChanges({ cwd: join(root, 'db'), base: 'HEAD', classify, paths: ['migrations'] });
    expect(changeset.files.map((file) => file.path)).toEqual(['db/migrations/004_a.sql']);
  });

  it('refuses a PATH that names nothing, in the working tree or at the base, as PATH mode does', async () => {
    root = baseRepository();
    const attempt = collectGitChanges({ cwd: root, base: 'HEAD', classify, paths: ['db/migrations', 'nonexist/'] });
    await expect(attempt).rejects.toThrow(CollectError);
    await expect(attempt).rejects.toThrow('nonexist/: no such file or directory, in the working tree or at the base');
  });

  it('accepts a PATH removed since the base: its removal is the change', async () => {
    root = baseRepository();
    rmSync(join(root, 'db/migrations/002_email.sql'));
    const changeset = await collectGitChanges({ cwd: root, base: 'HEAD', classify, paths: ['db/migrations/002_email.sql'] });
    expect(changeset.files).toEqual([expect.objectContaining({ path: 'db/migrations/002_email.sql', status: 'removed' })]);
  });

  it('marks binary changes as skipped instead of decoding them', async () => {
    root = baseRepository();
    writeFiles(root, { 'db/migrations/004_binary.sql': Buffer.from([1, 0, 2]) });
    const changeset = await collectGitChanges({ cwd: root, base: 'HEAD', classify });
    expect(changeset.files).toEqual([
      { path: 'db/migrations/004_binary.sql', status: 'added', skipReason: 'binary file (contains NUL bytes)', skipLine: 1 },
    ]);
  });

  it('explains an unknown ref', async () => {
    root = baseRepository();
    const attempt = collectGitChanges({ cwd: root, base: 'no-such-branch', classify });
    await expect(attempt).rejects.toThrow(CollectError);
    await expect(attempt).rejects.toThrow(/unknown git ref "no-such-branch"/);
  });

  it('refuses a ref that looks like an option', async () => {
    root = baseRepository();
    await expect(collectGitChanges({ cwd: root, base: '--output=/tmp/x', classify })).rejects.toThrow(/unknown git ref/);
  });

  it('explains that --base needs a git checkout', async () => {
    root = makeTempFolder({ 'a.sql': 'SELECT 1;\n' });
    await expect(collectGitChanges({ cwd: root, base: 'main', classify })).rejects.toThrow(/--base needs a git checkout/);
  });
});
