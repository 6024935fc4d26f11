import type { Config } from '../config/schema.js';
import type { FileKind } from '../engine/types.js';
import { prismaProviderOf } from './prisma-provider.js';
import { isVersionedMigration, snapshotEvidence } from './schema-snapshot.js';
import { DIALECT_NAMES, sqlDialectOf } from './sql-dialect.js';

/**
 * Whether a file the classifier took for a SQL migration is one: a file in another SQL dialect
 * (sql-dialect.ts) or a full-schema snapshot (schema-snapshot.ts) is not, and gets the reason it is
 * skipped with. Some signals need the files around it (a Prisma folder's provider, the versioned
 * migrations a schema.sql sits beside), so the context is every file the engine was given.
 */

export interface RoleContext {
  /** Files whose content may name a Prisma provider (migration_lock.toml, schema.prisma). */
  sources: ReadonlyArray<{ path: string; content?: string }>;
  versionedMigrations: readonly string[];
}

export interface RoleFile {
  path: string;
  content?: string;
  kind: FileKind;
}

export function isSqlMigrationKind(kind: FileKind): boolean {
  return kind === 'sql-migration' || kind === 'prisma-migration';
}

/** Why the file is not a PostgreSQL migration, or undefined when it is one (or no SQL file at all). */
export function notMigrationReason(file: RoleFile, config: Config, context: RoleContext): string | undefined {
  if (!isSqlMigrationKind(file.kind)) return undefined;
  const prisma = file.kind === 'prisma-migration' ? prismaProviderOf(file.path, context.sources) : undefined;
  const dialect = sqlDialectOf(file.path, file.content, config, prisma);
  if (dialect.dialect !== 'postgresql')
    return `${DIALECT_NAMES[dialect.dialect]} dialect (${dialect.evidence}): not reviewed; dbarch reviews PostgreSQL`;
  const snapshot = snapshotEvidence(file.path, file.content, config, context);
  if (snapshot)
    return `full-schema snapshot (${snapshot}): not a migration, so neither reviewed as one nor replayed into the base; its tables are not new`;
  return undefined;
}

/**
 * The context: `sources` are all files given (a migration_lock.toml or schema.prisma is no file
 * the review keeps), `migrations` the SQL and Alembic files with the kinds the classifier gave them.
 */
export function roleContext(sources: ReadonlyArray<{ path: string; content?: string }>, migrations: ReadonlyArray<RoleFile>): RoleContext {
  return {
    sources: sources.filter((file) => file.path.endsWith('migration_lock.toml') || file.path.endsWith('.prisma')),
    versionedMigrations: migrations
      .filter((file) => file.kind === 'alembic' || (isSqlMigrationKind(file.kind) && isVersionedMigration(file.path)))
      .map((file) => file.path),
  };
}
