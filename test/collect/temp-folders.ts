import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Temporary folders and git repositories for the collect and CLI tests. */

export function makeTempFolder(files: Record<string, string | Buffer> = {}): string {
  // realpath: on some systems the temp folder is behind a symlink, and git reports the real path.
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'dbarch-test-')));
  writeFiles(root, files);
  return root;
}

export function writeFiles(root: string, files: Record<string, string | Buffer>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
}

export function removeFolder(root: string): void {
  rmSync(root, { recursive: true, force: true });
}

/** Runs git in the repository with a fixed identity and none of the user's own settings. */
export function git(root: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' },
  });
}

export function makeGitRepository(files: Record<string, string | Buffer>): string {
  const root = makeTempFolder(files);
  git(root, 'init', '--quiet', '--initial-branch=main');
  git(root, 'add', '--all');
  git(root, 'commit', '--quiet', '--message', 'base');
  return root;
}
