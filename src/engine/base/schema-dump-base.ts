import { SNAPSHOT_BASE_PREFIX } from '../../classify/schema-snapshot.js';
import { isSqlMigrationKind } from '../../classify/sql-file-role.js';
import type { Config } from '../../config/schema.js';
import type { Changeset } from '../../review-types/index.js';
import type { KindedBaseFile } from './read-base.js';

/**
 * `schema.base`: a schema dump stands for the history. Squashed histories (the first migrations
 * deleted), histories that no longer replay (extensions, roles, data steps) and projects that only
 * keep a structure.sql get their base from the dump: the base's SQL migrations are left out and the
 * dump is the one base file, so the rules' facts and the dry run's replay both start from it.
 */

export interface SnapshotBase {
  baseFiles: KindedBaseFile[];
  /** Why the dump could not be the base (then the migrations are replayed as without it). */
  note?: string;
}

/** pg_dump empties search_path for its own session; the change's unqualified names need the default back. */
const EMPTY_SEARCH_PATH = /^SELECT pg_catalog\.set_config\('search_path', '', false\);[^\n]*$/gm;

export function schemaDumpBase(changeset: Changeset, kept: readonly KindedBaseFile[], config: Config): SnapshotBase {
  const path = config.schema.base;
  if (!path) return { baseFiles: [...kept] };
  const changed = changeset.files.find((file) => file.path === path);
  // The dump as it is before the change; in PATH mode the files given are all there is.
  const content =
    changeset.baseFiles?.find((file) => file.path === path)?.content ??
    changed?.baseContent ??
    (changeset.mode === 'paths' ? changed?.content : undefined);
  if (content === undefined)
    return {
      baseFiles: [...kept],
      note: `schema.base ${path} is not among the files given, so the base is the replayed migrations (name the file too, or review with --base)`,
    };
  const dump: KindedBaseFile = {
    path: `${SNAPSHOT_BASE_PREFIX}${path}`,
    content: content.replace(EMPTY_SEARCH_PATH, (line) => ' '.repeat(line.length)),
    kind: 'sql-migration',
  };
  return { baseFiles: [dump, ...kept.filter((file) => !isSqlMigrationKind(file.kind))] };
}
