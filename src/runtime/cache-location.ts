import { readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';

/**
 * Where the CLI keeps what it can reuse between runs (built dry-run bases, LLM answers): never in
 * the work tree, where it would show up in `git status` and could be committed with the LLM's
 * answers in it. In order: DBARCH_CACHE_DIR; the git directory of the checkout (`.git/dbarch-cache`,
 * which git never lists and `git clean` never deletes); the user's cache folder
 * (`$XDG_CACHE_HOME/dbarch`, else `~/.cache/dbarch`) outside a checkout.
 */
export function dbarchCacheDir(root: string | undefined, env: Readonly<Record<string, string | undefined>> = process.env): string {
  const override = env.DBARCH_CACHE_DIR?.trim();
  if (override) return resolve(override);
  const gitDir = root === undefined ? undefined : gitDirectory(root);
  if (gitDir) return join(gitDir, 'dbarch-cache');
  const userCache = env.XDG_CACHE_HOME?.trim();
  // The XDG spec says a relative XDG_CACHE_HOME is invalid and must be ignored.
  return join(userCache && isAbsolute(userCache) ? userCache : join(homedir(), '.cache'), 'dbarch');
}

/** `<root>/.git` when it is a folder; the folder a `.git` file points to (worktrees, submodules). */
function gitDirectory(root: string): string | undefined {
  const dotGit = join(root, '.git');
  try {
    if (statSync(dotGit).isDirectory()) return dotGit;
    const pointer = /^gitdir:\s*(.+?)\s*$/m.exec(readFileSync(dotGit, 'utf8'));
    return pointer ? resolve(root, pointer[1]!) : undefined;
  } catch {
    return undefined;
  }
}
