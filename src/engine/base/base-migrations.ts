import { isReverseMigration } from '../../classify/migration-tool.js';
import { changeOrder, orderMigrations } from '../../classify/order-migrations.js';
import type { BaseFile, ChangedFile, Changeset, FileKind } from '../../review-types/index.js';

/**
 * The one base both halves of the review start from: the forward SQL migrations that exist at the
 * base, in the order their tool applies them. The rules learn the base schema from it and the dry
 * run replays it (both through read-base.ts, the base snapshot), so a table is
 * "existing" for the rules exactly when the dry run has it before the change.
 *
 * Rollback scripts (down.sql, *.down.sql, revert/, U…__) never belong to it. A migration the change
 * modifies, renames or removes is in the list with its base version, marked `changed`: the base
 * before the change leaves it out, because the review runs its head version in its place (for an
 * edited file, the tables its early statements create are then new for its later statements in
 * both the rules and the dry run).
 */

export interface BaseMigration extends BaseFile {
  /** The change modifies, renames or removes this file: its head version (if any) is reviewed instead. */
  changed: boolean;
}

/** `files`: the base-side files with their kinds (classified once, in review()'s first step). */
export function baseMigrations(changeset: Changeset, files: ReadonlyArray<BaseFile & { kind: FileKind }>): BaseMigration[] {
  const changedPaths = new Set(changeset.files.flatMap((file) => [file.path, ...(file.previousPath ? [file.previousPath] : [])]));
  const forward = files
    .filter((file) => (file.kind === 'sql-migration' || file.kind === 'prisma-migration') && !isReverseMigration(file.path, file.content))
    .map(({ path, content }) => ({ path, content }));
  // A plan or LOADORDER orders them: the change's own (an edited plan) first, then the base's.
  return orderMigrations(forward, changeOrder(changeset)).map((file) => ({ ...file, changed: changedPaths.has(file.path) }));
}

/**
 * The base version of a migration the change edits: a file that exists at the base (it was applied
 * there) and is `modified`, or `renamed` from a base file. `content` is the base text when the
 * adapter fetched it or the base files hold it; undefined when it could not be read. Undefined for
 * added and removed files.
 */
export function appliedVersion(file: ChangedFile, baseFiles: readonly BaseFile[] | undefined): { content?: string } | undefined {
  if (file.status !== 'modified' && file.status !== 'renamed') return undefined;
  const basePath = file.previousPath ?? file.path;
  const content = file.baseContent ?? baseFiles?.find((base) => base.path === basePath)?.content;
  // A mode-only change leaves the text as it was: nothing was edited.
  if (file.status === 'modified' && content !== undefined && content === file.content) return undefined;
  return content === undefined ? {} : { content };
}
