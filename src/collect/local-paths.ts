import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { ChangedFile, Changeset } from '../review-types/index.js';
import { siblingBaseFiles, type NamedMigration } from './base-siblings.js';
import { CollectError } from './collect-error.js';
import { orderFileBase } from './order-file-base.js';
import { readFileForReview } from './file-content.js';
import { isMigrationKind } from '../classify/classify-file.js';
import { naturalCompare } from '../classify/natural-sort.js';
import type { PathClassifier } from './path-classifier.js';
import { repositoryPath } from './repository-path.js';
import { walkDirectory } from './walk-directory.js';

/**
 * PATH mode (`dbarch review db/migrations/0042_add_index.sql`): every file under review is new in
 * this change (status `added`). Files found in a named folder are kept when they classify as a
 * migration, model or config; a file named itself is always kept, so a file dbarch cannot review
 * is reported as skipped instead of silently ignored.
 */
export interface LocalPathsOptions {
  /** The folder PATH arguments are relative to. */
  cwd: string;
  /** The folder reported paths are relative to: the git root when there is one, else cwd. */
  root: string;
  classify: PathClassifier;
}

interface Candidate extends NamedMigration {
  explicit: boolean;
}

export async function collectLocalPaths(paths: readonly string[], options: LocalPathsOptions): Promise<Changeset> {
  const candidates = new Map<string, Candidate>();
  for (const argument of paths) {
    for (const candidate of await expandArgument(argument, options)) {
      if (!candidates.has(candidate.path)) candidates.set(candidate.path, candidate);
    }
  }
  const selected = [...candidates.values()].sort((left, right) => naturalCompare(left.path, right.path));
  // One file at a time: a folder of thousands of migrations must not exhaust file handles.
  const files: ChangedFile[] = [];
  for (const candidate of selected) files.push(await readChangedFile(candidate));
  const named = selected.filter((candidate) => candidate.explicit);
  const reviewed = new Set(candidates.keys());
  // A plan or LOADORDER decides what comes before a named file; otherwise the folder's order does.
  const migrations = new Map(
    selected.filter((candidate) => isMigrationKind(candidate.kind)).map((candidate) => [candidate.path, candidate]),
  );
  const ordered = await orderFileBase(migrations, named, options);
  const siblings = await siblingBaseFiles(
    named.filter((file) => !ordered.covered.has(file.path)),
    reviewed,
    options,
  );
  return { files, baseFiles: [...ordered.baseFiles, ...siblings], label: paths.join(' '), mode: 'paths' };
}

async function expandArgument(argument: string, options: LocalPathsOptions): Promise<Candidate[]> {
  const absolutePath = resolve(options.cwd, argument);
  const info = await stat(absolutePath).catch(() => {
    throw new CollectError(`${argument}: no such file or directory`);
  });
  if (!info.isDirectory()) {
    const path = repositoryPath(options.root, absolutePath);
    return [{ path, absolutePath, kind: options.classify(path, { explicit: true }), explicit: true }];
  }
  const found: Candidate[] = [];
  for (const file of await walkDirectory(absolutePath)) {
    const path = repositoryPath(options.root, file);
    const kind = options.classify(path, { explicit: false });
    if (kind !== 'other') found.push({ path, absolutePath: file, kind, explicit: false });
  }
  return found;
}

async function readChangedFile(candidate: Candidate): Promise<ChangedFile> {
  const read = await readFileForReview(candidate.absolutePath);
  if (read.content === undefined) {
    return { path: candidate.path, status: 'added', skipReason: read.skipReason, ...(read.line ? { skipLine: read.line } : {}) };
  }
  return { path: candidate.path, status: 'added', content: read.content };
}
