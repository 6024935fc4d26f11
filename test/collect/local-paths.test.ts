import { afterEach, describe, expect, it } from '@jest/globals';
import { truncateSync } from 'node:fs';
import { join } from 'node:path';
import { classifyPath } from '../../src/classify/classify-file.js';
import { CollectError } from '../../src/collect/collect-error.js';
import { collectLocalPaths } from '../../src/collect/local-paths.js';
import { MAX_FILE_BYTES } from '../../src/collect/file-content.js';
import type { PathClassifier } from '../../src/collect/path-classifier.js';
import { defaultConfig } from '../../src/config/load-config.js';
import { makeTempFolder, removeFolder } from './temp-folders.js';

const config = defaultConfig();
const classify: PathClassifier = (path, options) => classifyPath(path, config, options);

const MIGRATIONS = {
  'db/migrations/V1__init.sql': 'CREATE TABLE users (id bigint);\n',
  'db/migrations/V2__email.sql': 'ALTER TABLE users ADD COLUMN email text;\n',
  'db/migrations/V10__index.sql': 'CREATE INDEX users_email ON users (email);\n',
  'db/migrations/notes.txt': 'not a migration\n',
  'node_modules/some-package/migrations/001.sql': 'DROP TABLE users;\n',
  'dist/copy.sql': 'DROP TABLE users;\n',
  'README.md': '# project\n',
};

let root: string;
afterEach(() => removeFolder(root));

describe('collectLocalPaths', () => {
  it('reviews every migration under a folder as added, in natural order, skipping dependencies', async () => {
    root = makeTempFolder(MIGRATIONS);
    const changeset = await collectLocalPaths(['.'], { cwd: root, root, classify });
    expect(changeset.files).toEqual([
      { path: 'db/migrations/V1__init.sql', status: 'added', content: MIGRATIONS['db/migrations/V1__init.sql'] },
      { path: 'db/migrations/V2__email.sql', status: 'added', content: MIGRATIONS['db/migrations/V2__email.sql'] },
      { path: 'db/migrations/V10__index.sql', status: 'added', content: MIGRATIONS['db/migrations/V10__index.sql'] },
    ]);
    expect(changeset.baseFiles).toEqual([]);
  });

  it('takes the migrations that sort before a named file as its base', async () => {
    root = makeTempFolder(MIGRATIONS);
    const changeset = await collectLocalPaths(['db/migrations/V10__index.sql'], { cwd: root, root, classify });
    expect(changeset.files.map((file) => file.path)).toEqual(['db/migrations/V10__index.sql']);
    expect(changeset.baseFiles).toEqual([
      { path: 'db/migrations/V1__init.sql', content: MIGRATIONS['db/migrations/V1__init.sql'] },
      { path: 'db/migrations/V2__email.sql', content: MIGRATIONS['db/migrations/V2__email.sql'] },
    ]);
  });

  it('takes as base only what sorts before the earliest of several named files', async () => {
    root = makeTempFolder(MIGRATIONS);
    const named = ['db/migrations/V10__index.sql', 'db/migrations/V2__email.sql'];
    const changeset = await collectLocalPaths(named, { cwd: root, root, classify });
    expect(changeset.files.map((file) => file.path)).toEqual(['db/migrations/V2__email.sql', 'db/migrations/V10__index.sql']);
    expect(changeset.baseFiles!.map((file) => file.path)).toEqual(['db/migrations/V1__init.sql']);
  });

  it('takes as base what a sqitch plan above the named file lists before it, with the plan', async () => {
    const plan =
      '%project=shop\n\nusers 2024-01-01T00:00:00Z dev <dev@shop> # users\napp/orders [users] 2024-01-02T00:00:00Z dev <dev@shop>\naudit 2024-01-03T00:00:00Z dev <dev@shop>\n';
    root = makeTempFolder({
      'db/sqitch.plan': plan,
      'db/deploy/users.sql': 'CREATE TABLE users (id bigint);\n',
      'db/deploy/app/orders.sql': 'CREATE TABLE orders (id bigint, user_id bigint);\n',
      'db/deploy/audit.sql': 'CREATE TABLE audit (id bigint);\n',
      'db/revert/users.sql': 'DROP TABLE users;\n',
    });
    const changeset = await collectLocalPaths(['db/deploy/app/orders.sql'], { cwd: root, root, classify });
    expect(changeset.files.map((file) => file.path)).toEqual(['db/deploy/app/orders.sql']);
    // "audit" sorts before "app/orders" by name, but the plan deploys it after.
    expect(changeset.baseFiles).toEqual([
      { path: 'db/sqitch.plan', content: plan },
      { path: 'db/deploy/users.sql', content: 'CREATE TABLE users (id bigint);\n' },
    ]);
  });

  it('takes as base what LOADORDER lists before the named file, across folders', async () => {
    root = makeTempFolder({
      'sql/changes/LOADORDER': '# applied in this order\n1.2/b.sql\n!1.1/a.sql\n1.3/c.sql\n',
      'sql/changes/1.1/a.sql': 'ALTER TABLE t ADD COLUMN a int;\n',
      'sql/changes/1.2/b.sql': 'CREATE TABLE t (id int);\n',
      'sql/changes/1.3/c.sql': 'ALTER TABLE t ADD COLUMN c int;\n',
    });
    const changeset = await collectLocalPaths(['sql/changes/1.3/c.sql'], { cwd: root, root, classify });
    expect(changeset.baseFiles!.map((file) => file.path)).toEqual([
      'sql/changes/LOADORDER',
      'sql/changes/1.2/b.sql',
      'sql/changes/1.1/a.sql',
    ]);
  });

  it('orders Prisma migrations by their folder names', async () => {
    root = makeTempFolder({
      'prisma/migrations/20240101000000_init/migration.sql': 'CREATE TABLE "User" (id int);\n',
      'prisma/migrations/20240301000000_index/migration.sql': 'CREATE INDEX i ON "User" (id);\n',
      'prisma/migrations/migration_lock.toml': 'provider = "postgresql"\n',
    });
    const changeset = await collectLocalPaths(['prisma/migrations/20240301000000_index/migration.sql'], { cwd: root, root, classify });
    expect(changeset.baseFiles).toEqual([
      { path: 'prisma/migrations/20240101000000_init/migration.sql', content: 'CREATE TABLE "User" (id int);\n' },
    ]);
  });

  it('reports paths relative to the repository root, whatever folder it runs from', async () => {
    root = makeTempFolder(MIGRATIONS);
    const changeset = await collectLocalPaths(['V2__email.sql'], { cwd: join(root, 'db/migrations'), root, classify });
    expect(changeset.files.map((file) => file.path)).toEqual(['db/migrations/V2__email.sql']);
    expect(changeset.label).toBe('V2__email.sql');
  });

  it('keeps binary, oversized and non-UTF-8 files with the reason they were not read and the line at fault', async () => {
    root = makeTempFolder({
      'db/binary.sql': Buffer.from('SELECT 1;\nC\0R'),
      'db/huge.sql': '',
      'db/latin1.sql': Buffer.from('-- ok\n-- caf\xe9\n', 'latin1'),
    });
    // Sparse: one byte over the limit without writing 100 MB.
    truncateSync(join(root, 'db/huge.sql'), MAX_FILE_BYTES + 1);
    const changeset = await collectLocalPaths(['db'], { cwd: root, root, classify });
    expect(changeset.files).toEqual([
      { path: 'db/binary.sql', status: 'added', skipReason: 'binary file (contains NUL bytes)', skipLine: 2 },
      { path: 'db/huge.sql', status: 'added', skipReason: 'file too large (100.0 MB; the limit is 100 MB)' },
      {
        path: 'db/latin1.sql',
        status: 'added',
        skipReason: 'not valid UTF-8 (first invalid byte on line 2; save the file as UTF-8)',
        skipLine: 2,
      },
    ]);
  });

  it('reviews a file named on the command line even outside the migration folders', async () => {
    root = makeTempFolder({ 'scripts/fix.sql': 'UPDATE users SET email = NULL;\n', 'scripts/run.sh': 'psql\n' });
    const changeset = await collectLocalPaths(['scripts/fix.sql'], {
      cwd: root,
      root,
      classify: (path, options) => (options.explicit ? 'sql-migration' : 'other'),
    });
    expect(changeset.files.map((file) => file.path)).toEqual(['scripts/fix.sql']);
  });

  it('finds the migrations of a named folder outside the repository, reported by absolute path', async () => {
    root = makeTempFolder({ 'repo/README.md': '# project\n' });
    const outside = makeTempFolder({ 'db/migrations/V1__init.sql': MIGRATIONS['db/migrations/V1__init.sql'] });
    try {
      const changeset = await collectLocalPaths([join(outside, 'db/migrations')], {
        cwd: join(root, 'repo'),
        root: join(root, 'repo'),
        classify,
      });
      expect(changeset.files.map((file) => file.path)).toEqual([`${outside.split('\\').join('/')}/db/migrations/V1__init.sql`]);
    } finally {
      removeFolder(outside);
    }
  });

  it('says which path does not exist', async () => {
    root = makeTempFolder();
    const attempt = collectLocalPaths(['db/missing.sql'], { cwd: root, root, classify });
    await expect(attempt).rejects.toThrow(CollectError);
    await expect(attempt).rejects.toThrow('db/missing.sql: no such file or directory');
  });
});
