import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { dbarchCacheDir } from '../../src/runtime/cache-location.js';
import { git, makeTempFolder, removeFolder } from '../collect/temp-folders.js';

describe('dbarchCacheDir', () => {
  let root: string | undefined;
  afterEach(() => {
    if (root) removeFolder(root);
  });

  it('is the git directory of a checkout, which git status never lists', () => {
    root = makeTempFolder();
    git(root, 'init', '--quiet');
    expect(dbarchCacheDir(root, {})).toBe(join(root, '.git', 'dbarch-cache'));
  });

  it('follows a .git file to the git directory of a worktree or submodule', () => {
    root = makeTempFolder();
    mkdirSync(join(root, 'main', '.git', 'worktrees', 'feature'), { recursive: true });
    mkdirSync(join(root, 'feature'));
    writeFileSync(join(root, 'feature', '.git'), 'gitdir: ../main/.git/worktrees/feature\n');
    expect(dbarchCacheDir(join(root, 'feature'), {})).toBe(join(root, 'main', '.git', 'worktrees', 'feature', 'dbarch-cache'));
  });

  it('is the user cache folder outside a checkout', () => {
    root = makeTempFolder();
    expect(dbarchCacheDir(root, { XDG_CACHE_HOME: '/var/cache/me' })).toBe('/var/cache/me/dbarch');
    // A relative XDG_CACHE_HOME is invalid (XDG base directory spec) and ignored.
    expect(dbarchCacheDir(root, { XDG_CACHE_HOME: 'relative' })).toBe(join(homedir(), '.cache', 'dbarch'));
    expect(dbarchCacheDir(undefined, {})).toBe(join(homedir(), '.cache', 'dbarch'));
  });

  it('is DBARCH_CACHE_DIR when set, in a checkout or not', () => {
    root = makeTempFolder();
    git(root, 'init', '--quiet');
    expect(dbarchCacheDir(root, { DBARCH_CACHE_DIR: '/srv/dbarch-cache' })).toBe('/srv/dbarch-cache');
  });
});
