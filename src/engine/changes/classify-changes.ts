import { classifyFile, isMigrationKind } from '../../classify/classify-file.js';
import { detectTool } from '../../classify/migration-tool.js';
import type { Config } from '../../config/schema.js';
import type { Changeset, ChangedFile, FileKind, MigrationTool } from '../../review-types/index.js';
import { appliedVersion } from '../base/base-migrations.js';
import type { KindedBaseFile } from '../base/read-base.js';
import { setAsideNonMigrationSql } from './set-aside-sql.js';

/**
 * Step 1 of review(): the kind and migration tool of every changed file, and of every base file
 * (the one classification of the change). Files of no interest are dropped, except a file named on
 * the command line (PATH mode), which is listed as skipped with the reason. SQL in another dialect
 * and full-schema snapshots are set aside here (set-aside-sql.ts): skipped with the reason, and out
 * of the base, so no later stage parses, learns from or replays them.
 */

export interface ClassifiedFile extends ChangedFile {
  kind: FileKind;
  tool: MigrationTool;
  /** An applied migration the change edits: its base version (base-migrations.ts, appliedVersion). */
  applied?: { content?: string };
}

export interface ClassifiedChange {
  files: ClassifiedFile[];
  /** The changeset without what was set aside (later stages read its files' contents). */
  changeset: Changeset;
  baseFiles: KindedBaseFile[];
  /** Why `schema.base` could not be the base, when it could not. */
  baseNote?: string;
}

export function classifyChanges(input: Changeset, config: Config): ClassifiedChange {
  const files: ClassifiedFile[] = [];
  for (const file of input.files) {
    const kind = classifyFile(file.path, file.content ?? file.baseContent, config, { explicit: true });
    if (kind === 'other' && input.mode !== 'paths') continue;
    const tool = config.migrations.tool === 'auto' ? detectTool(file.path, file.content) : config.migrations.tool;
    const applied = isMigrationKind(kind) ? appliedVersion(file, input.baseFiles) : undefined;
    files.push({ ...file, kind, tool, ...(applied ? { applied } : {}) });
  }
  const setAside = setAsideNonMigrationSql(files, input, config);
  return {
    files: setAside.files,
    changeset: setAside.changeset,
    baseFiles: setAside.baseFiles,
    ...(setAside.note ? { baseNote: setAside.note } : {}),
  };
}
