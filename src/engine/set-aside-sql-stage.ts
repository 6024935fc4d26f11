import { classifyFile } from '../classify/classify-file.js';
import { notMigrationReason, roleContext } from '../classify/sql-file-role.js';
import type { Config } from '../config/schema.js';
import { snapshotBase } from './snapshot-base.js';
import type { ChangedFile, Changeset, FileKind } from './types.js';

/**
 * Step 1b of review(): SQL files that are no PostgreSQL migration (another dialect, a full-schema
 * snapshot; classify/sql-file-role.ts) leave the review here, in one place. A changed one is kept
 * as a file skipped with the reason (its content dropped, so no later stage parses it); a base one
 * leaves the base, so neither the rules' facts nor the dry run's replay ever see it. With
 * `schema.base`, a schema dump replaces the base's migrations (snapshot-base.ts).
 */

type Classified = ChangedFile & { kind: FileKind };

export function setAsideNonMigrationSql<T extends Classified>(
  files: readonly T[],
  changeset: Changeset,
  config: Config,
): { files: T[]; changeset: Changeset; note?: string } {
  const baseFiles = (changeset.baseFiles ?? []).map((file) => ({ ...file, kind: classifyFile(file.path, file.content, config) }));
  const sources = [...changeset.files.map((file) => ({ path: file.path, content: file.content ?? file.baseContent })), ...baseFiles];
  const context = roleContext(sources, [...files, ...baseFiles]);
  const reviewed = files.map((file) => {
    const reason = file.content === undefined ? undefined : notMigrationReason(file, config, context);
    if (!reason) return file;
    const { content: _content, ...rest } = file;
    return { ...rest, skipReason: reason } as T;
  });
  if (!changeset.baseFiles && !config.schema.base) return { files: reviewed, changeset };
  const kept = baseFiles.filter((file) => !notMigrationReason(file, config, context));
  const base = snapshotBase(changeset, kept, config);
  return { files: reviewed, changeset: { ...changeset, baseFiles: base.baseFiles }, ...(base.note ? { note: base.note } : {}) };
}
