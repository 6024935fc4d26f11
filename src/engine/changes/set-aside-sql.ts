import { classifyFile } from '../../classify/classify-file.js';
import { notMigrationReason, roleContext } from '../../classify/sql-file-role.js';
import type { Config } from '../../config/schema.js';
import { schemaDumpBase } from '../base/schema-dump-base.js';
import type { KindedBaseFile } from '../base/read-base.js';
import type { ChangedFile, Changeset, FileKind } from '../../review-types/index.js';

/**
 * Part of step 1 of review(): SQL files that are no PostgreSQL migration (another dialect, a
 * full-schema snapshot; classify/sql-file-role.ts) leave the review here, in one place. A changed
 * one is kept as a file skipped with the reason (its content dropped, so no later stage parses it);
 * a base one leaves the base, so neither the rules' facts nor the dry run's replay ever see it.
 * With `schema.base`, a schema dump replaces the base's migrations (schema-dump-base.ts). The base
 * files come back with their kinds: the one classification of the base that every stage uses.
 */

type Classified = ChangedFile & { kind: FileKind };

export function setAsideNonMigrationSql<T extends Classified>(
  files: readonly T[],
  changeset: Changeset,
  config: Config,
): { files: T[]; changeset: Changeset; baseFiles: KindedBaseFile[]; note?: string } {
  const baseFiles = (changeset.baseFiles ?? []).map((file) => ({ ...file, kind: classifyFile(file.path, file.content, config) }));
  const sources = [...changeset.files.map((file) => ({ path: file.path, content: file.content ?? file.baseContent })), ...baseFiles];
  const context = roleContext(sources, [...files, ...baseFiles]);
  const reasons = new Map<string, string>();
  for (const file of files) {
    const reason = file.content === undefined ? undefined : notMigrationReason(file, config, context);
    if (reason) reasons.set(file.path, reason);
  }
  const kept = baseFiles.filter((file) => !notMigrationReason(file, config, context));
  const base = schemaDumpBase(changeset, kept, config);
  return {
    files: files.map((file) => setAside(file, reasons)),
    // The changeset too: later stages (the LLM's request, the dry run's input) read its files' contents.
    changeset: {
      ...changeset,
      files: changeset.files.map((file) => setAside(file, reasons)),
      // The same files (a KindedBaseFile is a BaseFile): later stages that take a changeset read them.
      baseFiles: base.baseFiles,
    },
    baseFiles: base.baseFiles,
    ...(base.note ? { note: base.note } : {}),
  };
}

/**
 * The file without its content and with the reason it is skipped, when it has one. `outOfScope`:
 * skipped on purpose, so the fail-closed check for files whose contents did not arrive (a file
 * without content gets a not-reviewed finding) leaves it alone.
 */
function setAside<T extends ChangedFile>(file: T, reasons: ReadonlyMap<string, string>): T {
  const reason = reasons.get(file.path);
  if (!reason) return file;
  const { content: _content, ...rest } = file;
  return { ...rest, skipReason: reason, outOfScope: true } as T;
}
