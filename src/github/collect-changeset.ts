import { classifyFile, classifyPath } from '../classify/classify-file.js';
import { isOrderFile } from '../classify/order-migrations.js';
import type { Config } from '../config/schema.js';
import type { BaseFile, ChangedFile, ChangeStatus, Changeset } from '../review-types/index.js';
import { parseDiffLines, type DiffLines } from './diff-lines.js';
import { fetchBlobs, MAX_FILE_BYTES } from './fetch-blobs.js';
import type { GitHub, PullRequestTarget } from './target.js';

/**
 * The GitHub file source: the pull request's file list (paginated; GitHub lists at most 3,000),
 * head contents of the files dbarch reviews only, and the base commit's migrations (one recursive
 * tree listing, then the migration blobs in batched GraphQL requests).
 */
export const GITHUB_FILE_LIST_LIMIT = 3_000;
const MAX_BASE_FILES = 2_000;
const MAX_BASE_BYTES = 20 * 1024 * 1024;

export interface CollectedChange {
  changeset: Changeset;
  /** Commentable lines per head path. */
  diffs: Map<string, DiffLines>;
  /** Head contents per path, for fingerprints and suggestions. */
  sources: Map<string, string>;
  /** Things the review could not cover, for the summary ("files": "…"). */
  notes: Record<string, string>;
}

export async function collectChangeset(
  github: GitHub,
  target: PullRequestTarget,
  config: Config,
  signal?: AbortSignal,
): Promise<CollectedChange> {
  const listed = await listPullFiles(github, target, signal);
  const notes: Record<string, string> = {};
  if ((target.changedFiles ?? 0) > listed.length) {
    const more = Math.max(0, (target.changedFiles ?? listed.length) - listed.length);
    notes.files = `GitHub lists only the first ${GITHUB_FILE_LIST_LIMIT.toLocaleString('en')} files of a pull request; ${more} more were not reviewed.`;
  }
  const relevant = listed.filter((file) => classifyPath(file.filename, config) !== 'other');
  const label = `PR #${target.number}`;
  if (relevant.length === 0) return { changeset: { files: [], baseFiles: [], label }, diffs: new Map(), sources: new Map(), notes };
  const base = await listBaseMigrations(github, target, config, signal);
  Object.assign(notes, base.notes);
  const wanted = relevant.filter((file) => file.status !== 'removed').map((file) => file.filename);
  // A changed model, Prisma schema or Alembic revision is judged against its base version: only
  // what changed is reviewed (SQL migrations' base versions are among the base files).
  const declared = relevant.filter(
    (file) => file.status !== 'added' && file.status !== 'removed' && needsBaseVersion(file.filename, config),
  );
  const blobs = await fetchBlobs(
    github,
    target,
    [
      ...wanted.map((path) => ({ key: `head:${path}`, expression: `${target.headSha}:${path}` })),
      ...base.files.map((file) => ({ key: `base:${file.path}`, expression: `${target.baseSha}:${file.path}` })),
      ...declared.map((file) => ({
        key: `before:${file.filename}`,
        expression: `${target.baseSha}:${file.previous_filename ?? file.filename}`,
      })),
    ],
    signal,
  );
  const diffs = new Map<string, DiffLines>();
  const sources = new Map<string, string>();
  const files: ChangedFile[] = relevant.map((file) => {
    diffs.set(file.filename, parseDiffLines(file.patch));
    const status = statusOf(file.status);
    if (status === 'removed') return { path: file.filename, status };
    const blob = blobs.get(`head:${file.filename}`);
    if (blob?.content !== undefined) sources.set(file.filename, blob.content);
    const before = blobs.get(`before:${file.filename}`)?.content;
    return {
      path: file.filename,
      status,
      ...(blob?.content !== undefined
        ? { content: blob.content }
        : { skipReason: blob?.skipReason ?? 'not found at the head commit', ...(blob?.line ? { skipLine: blob.line } : {}) }),
      ...(before !== undefined ? { baseContent: before } : {}),
      ...(status === 'renamed' && file.previous_filename ? { previousPath: file.previous_filename } : {}),
    };
  });
  const baseFiles: BaseFile[] = [];
  for (const file of base.files) {
    const content = blobs.get(`base:${file.path}`)?.content;
    // A plan or LOADORDER is no migration, but the engine orders the migrations by it.
    if (content === undefined) continue;
    if (isOrderFile(file.path) || classifyFile(file.path, content, config) !== 'other') baseFiles.push({ path: file.path, content });
  }
  return { changeset: { files, baseFiles, label }, diffs, sources, notes };
}

interface PullFile {
  filename: string;
  status: string;
  patch?: string;
  /** For a renamed file. */
  previous_filename?: string;
}

function needsBaseVersion(path: string, config: Config): boolean {
  const kind = classifyPath(path, config);
  return kind === 'sqlalchemy-model' || kind === 'sqlmodel-model' || kind === 'prisma-schema' || kind === 'alembic';
}

async function listPullFiles(github: GitHub, target: PullRequestTarget, signal?: AbortSignal): Promise<PullFile[]> {
  return github.paginate(github.rest.pulls.listFiles, {
    owner: target.owner,
    repo: target.repo,
    pull_number: target.number,
    per_page: 100,
    request: { signal },
  });
}

function statusOf(status: string): ChangeStatus {
  if (status === 'added' || status === 'copied') return 'added';
  if (status === 'removed' || status === 'renamed') return status;
  return 'modified';
}

/** SQL migrations (and the files that order them: sqitch plans, LOADORDER …) on the base commit, from one recursive tree listing. */
async function listBaseMigrations(
  github: GitHub,
  target: PullRequestTarget,
  config: Config,
  signal?: AbortSignal,
): Promise<{ files: { path: string }[]; notes: Record<string, string> }> {
  const { data } = await github.rest.git.getTree({
    owner: target.owner,
    repo: target.repo,
    tree_sha: target.baseSha,
    recursive: 'true',
    request: { signal },
  });
  const notes: Record<string, string> = {};
  if (data.truncated) notes.base = "the base commit's file tree is too large for one listing: migrations not listed were not replayed.";
  const files: { path: string }[] = [];
  let bytes = 0;
  let skipped = 0;
  for (const entry of data.tree) {
    if (entry.type !== 'blob' || !entry.path || !isBaseMigration(entry.path, config)) continue;
    const size = entry.size ?? 0;
    if (size > MAX_FILE_BYTES || files.length >= MAX_BASE_FILES || bytes + size > MAX_BASE_BYTES) {
      skipped += 1;
      continue;
    }
    bytes += size;
    files.push({ path: entry.path });
  }
  if (skipped > 0)
    notes['base migrations'] =
      `${skipped} base-side migrations were not read (too large, or over the limit of ${MAX_BASE_FILES} files / ${MAX_BASE_BYTES / (1024 * 1024)} MB).`;
  return { files, notes };
}

function isBaseMigration(path: string, config: Config): boolean {
  if (isOrderFile(path)) return true;
  const kind = classifyPath(path, config);
  return kind === 'sql-migration' || kind === 'prisma-migration';
}
