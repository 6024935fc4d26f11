import { collectGitChanges } from '../collect/git-base.js';
import type { PathClassifier } from '../collect/path-classifier.js';
import { runGit } from '../collect/run-git.js';
import { ConfigError, defaultConfig, parseConfig } from '../config/load-config.js';
import type { Config } from '../config/schema.js';
import type { Changeset } from '../review-types/index.js';
import { parseDiffLines, type DiffLines } from '../github/diff-lines.js';
import { ActionInputError } from './action-environment.js';

/**
 * The pull request's change, read from the workflow's checkout instead of the API (no request per
 * file, nothing for the rate limit): the config as it is on the base commit (a pull request cannot
 * weaken its own review), the changed files against the merge base, and each file's diff hunks for
 * placing inline comments. actions/checkout checks out the merge commit by default; its first
 * parent is the base, so the change is exactly the pull request's.
 */
export interface CheckoutChange {
  changeset: Changeset;
  diffs: Map<string, DiffLines>;
  sources: Map<string, string>;
  /** Set when the base's config is invalid: the defaults are used and the summary says so. */
  configError?: string;
}

export async function baseConfig(
  workspace: string,
  baseSha: string,
  configPath: string,
): Promise<{ config: Config; configError?: string }> {
  await requireCommit(workspace, baseSha);
  const text = await readBaseFile(workspace, baseSha, configPath);
  if (text === undefined) return { config: defaultConfig() };
  try {
    return { config: parseConfig(text, configPath) };
  } catch (error) {
    if (error instanceof ConfigError) return { config: defaultConfig(), configError: `${error.message}; the defaults were used` };
    throw error;
  }
}

/** A file as it is on the base commit; undefined when it is not there. */
export async function readBaseFile(workspace: string, baseSha: string, path: string): Promise<string | undefined> {
  try {
    return (await runGit(['show', `${baseSha}:${path}`], { cwd: workspace })).toString('utf8');
  } catch {
    return undefined;
  }
}

export async function collectCheckout(
  workspace: string,
  baseSha: string,
  classify: PathClassifier,
  label: string,
): Promise<CheckoutChange> {
  const base = await mergeBase(workspace, baseSha);
  const changeset = await collectGitChanges({ cwd: workspace, base, classify });
  changeset.label = label;
  const sources = new Map<string, string>();
  const diffs = new Map<string, DiffLines>();
  for (const file of changeset.files) {
    if (file.content === undefined) continue;
    sources.set(file.path, file.content);
    const patch = await runGit(['diff', '--no-color', '--no-ext-diff', '--unified=3', base, '--', file.path], { cwd: workspace });
    diffs.set(file.path, parseDiffLines(patch.toString('utf8')));
  }
  return { changeset, diffs, sources };
}

/** Where the pull request branched off: the base itself for the merge commit actions/checkout makes. */
async function mergeBase(workspace: string, baseSha: string): Promise<string> {
  try {
    return (await runGit(['merge-base', baseSha, 'HEAD'], { cwd: workspace })).toString('utf8').trim();
  } catch {
    // A shallow checkout has no history to search; the merge commit's parent is still the base.
    return baseSha;
  }
}

async function requireCommit(workspace: string, sha: string): Promise<void> {
  try {
    await runGit(['cat-file', '-e', `${sha}^{commit}`], { cwd: workspace });
  } catch {
    throw new ActionInputError(
      `the base commit ${sha.slice(0, 12)} is not in the checkout at ${workspace}: check out with actions/checkout and \`fetch-depth: 0\` (or at least 2) before dbarch`,
    );
  }
}
