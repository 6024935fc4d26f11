import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { BaseFile, ChangedFile, Changeset } from '../review-types/index.js';
import { CollectError } from './collect-error.js';
import { decodeFileContent, readFileForReview } from './file-content.js';
import { listTreeFiles, parseNameStatus, readBlobs, splitNul, type NameStatus, type TreeEntry } from './git-objects.js';
import { naturalCompare } from '../classify/natural-sort.js';
import { isOrderFile } from '../classify/order-migrations.js';
import { isSchemaKind, type PathClassifier } from './path-classifier.js';
import { repositoryPath } from './repository-path.js';
import { findGitRoot, GitCommandError, runGit } from './run-git.js';

/**
 * `--base REF` mode: what changed between REF and the working tree (committed or not, untracked
 * files included), like a pull request. Head contents come from the working tree, base contents
 * and the base schema (every migration and model at REF) from git's object store.
 */
export interface GitBaseOptions {
  cwd: string;
  base: string;
  classify: PathClassifier;
  /** PATH arguments given with --base: only changes under them are reviewed. */
  paths?: readonly string[];
}

export async function collectGitChanges(options: GitBaseOptions): Promise<Changeset> {
  const root = await findGitRoot(options.cwd);
  if (root === undefined) throw new CollectError(`--base needs a git checkout, and ${options.cwd} is not inside one`);
  const commit = await resolveCommit(options.base, root);
  const pathspecs = (options.paths ?? []).map((path) => repositoryPath(root, resolve(options.cwd, path)));
  const tree = await listTreeFiles(commit, root);
  await requireExistingPaths(options.paths ?? [], pathspecs, options.cwd, tree);
  const changes = (await listChanges(commit, root, pathspecs)).filter((change) => isReviewed(change, options.classify, new Set(pathspecs)));
  // Plans and LOADORDER files come along: the engine orders the base migrations by them.
  const baseEntries = [...tree.values()].filter(
    (entry) => isSchemaKind(options.classify(entry.path, { explicit: false })) || isOrderFile(entry.path),
  );
  const wanted = [...baseEntries, ...changes.map((change) => tree.get(change.previousPath ?? change.path))];
  const blobs = await readBlobs(readableObjectIds(wanted), root);
  const files: ChangedFile[] = [];
  for (const change of changes) files.push(await changedFile(change, root, baseContent(tree, blobs, change)));
  return { files, baseFiles: baseFiles(baseEntries, blobs), label: `${options.base}..working tree` };
}

/**
 * As in PATH mode, a PATH that names nothing is a usage error (exit 2), not an empty, passing review.
 * A path removed since the base still names something: its removal is the change.
 */
async function requireExistingPaths(
  paths: readonly string[],
  pathspecs: readonly string[],
  cwd: string,
  tree: Map<string, TreeEntry>,
): Promise<void> {
  for (const [index, argument] of paths.entries()) {
    if (await exists(resolve(cwd, argument))) continue;
    const path = pathspecs[index]!;
    const inBase = tree.has(path) || [...tree.keys()].some((entry) => entry.startsWith(`${path}/`));
    if (!inBase) throw new CollectError(`${argument}: no such file or directory, in the working tree or at the base`);
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

async function resolveCommit(reference: string, root: string): Promise<string> {
  try {
    const output = await runGit(['rev-parse', '--verify', '--quiet', '--end-of-options', `${reference}^{commit}`], { cwd: root });
    return output.toString('utf8').trim();
  } catch (error) {
    if (error instanceof GitCommandError && error.exitCode !== null) {
      throw new CollectError(`unknown git ref "${reference}": no commit of that name in ${root}`);
    }
    throw error;
  }
}

/** Tracked changes against the commit plus untracked files that .gitignore does not exclude. */
async function listChanges(commit: string, root: string, pathspecs: readonly string[]): Promise<NameStatus[]> {
  const limit = pathspecs.length > 0 ? ['--', ...pathspecs.map((path) => `:(literal)${path || '.'}`)] : [];
  const diff = await runGit(['diff', '--name-status', '-z', '-M', '--no-ext-diff', '--no-textconv', commit, ...limit], {
    cwd: root,
  });
  const untracked = await runGit(['ls-files', '--others', '--exclude-standard', '-z', ...limit], { cwd: root });
  const changes = [...parseNameStatus(diff), ...splitNul(untracked).map((path): NameStatus => ({ status: 'added', path }))];
  return changes.sort((left, right) => naturalCompare(left.path, right.path));
}

/** A change is reviewed when either side is a file dbarch knows, or the user named it. */
function isReviewed(change: NameStatus, classify: PathClassifier, named: ReadonlySet<string>): boolean {
  const explicit = named.has(change.path);
  if (classify(change.path, { explicit }) !== 'other') return true;
  return change.previousPath !== undefined && classify(change.previousPath, { explicit: false }) !== 'other';
}

/**
 * Base-side blobs are read into memory all at once, for facts and the dry run's base: they keep the
 * tighter limit they always had (a head file is read one at a time, up to MAX_FILE_BYTES).
 */
const MAX_BASE_FILE_BYTES = 25 * 1024 * 1024;

function readableObjectIds(entries: readonly (TreeEntry | undefined)[]): string[] {
  const ids = new Set<string>();
  for (const entry of entries) if (entry && entry.size <= MAX_BASE_FILE_BYTES) ids.add(entry.objectId);
  return [...ids];
}

function baseContent(tree: Map<string, TreeEntry>, blobs: Map<string, Buffer>, change: NameStatus): string | undefined {
  if (change.status === 'added') return undefined;
  const entry = tree.get(change.previousPath ?? change.path);
  const bytes = entry && blobs.get(entry.objectId);
  return bytes ? decodeFileContent(bytes).content : undefined;
}

async function changedFile(change: NameStatus, root: string, base: string | undefined): Promise<ChangedFile> {
  const file: ChangedFile = { path: change.path, status: change.status };
  if (change.previousPath !== undefined) file.previousPath = change.previousPath;
  if (base !== undefined) file.baseContent = base;
  if (change.status === 'removed') return file;
  try {
    const read = await readFileForReview(join(root, change.path));
    if (read.content !== undefined) file.content = read.content;
    else Object.assign(file, { skipReason: read.skipReason }, read.line ? { skipLine: read.line } : {});
  } catch (error) {
    file.skipReason = `cannot read the file: ${(error as Error).message}`;
  }
  return file;
}

function baseFiles(entries: readonly TreeEntry[], blobs: Map<string, Buffer>): BaseFile[] {
  const files: BaseFile[] = [];
  for (const entry of [...entries].sort((left, right) => naturalCompare(left.path, right.path))) {
    const bytes = blobs.get(entry.objectId);
    const content = bytes && decodeFileContent(bytes).content;
    if (content !== undefined) files.push({ path: entry.path, content });
  }
  return files;
}
