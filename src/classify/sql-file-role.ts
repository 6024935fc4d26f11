import type { Config } from '../config/schema.js';
import type { FileKind } from '../review-types/index.js';
import { prismaProviderOf } from './prisma-provider.js';
import { isVersionedMigration, snapshotEvidence } from './schema-snapshot.js';
import { DIALECT_NAMES, sqlDialectOf } from './sql-dialect.js';
import { posix } from 'node:path';

/**
 * Whether a file the classifier took for a SQL migration is one: a file in another SQL dialect
 * (sql-dialect.ts), a full-schema snapshot (schema-snapshot.ts) or a file of sqlc queries is not,
 * and gets the reason it is skipped with. An Alembic revision kept in a folder of another dialect
 * (`versions/sqlite/`, as projects that ship both keep them) is not reviewed either. Some signals need the files around it (a Prisma folder's provider, the versioned
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
  if (file.kind === 'alembic') return alembicDialectReason(file.path, config);
  if (!isSqlMigrationKind(file.kind)) return undefined;
  const testFolder = config.paths['sql-migration'] ? undefined : testFolderOf(file.path);
  if (testFolder)
    return `in a test folder (${testFolder}): test data or fixtures, not a migration of the application (paths: sql-migration in the config maps it)`;
  const queries = sqlcQueryEvidence(file.content);
  if (queries) return `sqlc query file (${queries}): queries the application runs, not a migration`;
  const prisma = file.kind === 'prisma-migration' ? prismaProviderOf(file.path, context.sources) : undefined;
  const dialect = sqlDialectOf(file.path, file.content, config, prisma);
  if (dialect.dialect !== 'postgresql')
    return `${DIALECT_NAMES[dialect.dialect]} dialect (${dialect.evidence}): not reviewed; dbarch reviews PostgreSQL`;
  const superseded = supersededGeneric(file.path, context);
  if (superseded)
    return `generic migration replaced on PostgreSQL by ${superseded} of the same version (popx runs only the best match for the database): it never runs there`;
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

/** Only the path and the config speak for a Python revision: its SQL is written by Alembic for its connection. */
function alembicDialectReason(path: string, config: Config): string | undefined {
  // Without content the verdict rests on the config and the path: no syntax scan of Python.
  const dialect = sqlDialectOf(path, undefined, config);
  if (dialect.dialect === 'postgresql') return undefined;
  return `${DIALECT_NAMES[dialect.dialect]} dialect (${dialect.evidence}): an Alembic revision for another database; dbarch reviews PostgreSQL`;
}

/**
 * sqlc (https://sqlc.dev) query files annotate each query with `-- name: GetUser :one`; a migration
 * never carries these, so one is enough.
 */
const SQLC_ANNOTATION =
  /^\s*--\s*name:\s*(\w+)\s+:(one|many|exec|execrows|execresult|execlastid|copyfrom|batchexec|batchmany|batchone)\b/gm;

function sqlcQueryEvidence(content: string | undefined): string | undefined {
  if (content === undefined || !content.includes('name:')) return undefined;
  const matches = [...content.matchAll(SQLC_ANNOTATION)];
  if (matches.length === 0) return undefined;
  const first = matches[0]!;
  const line = content.slice(0, first.index).split('\n').length;
  return `\`-- name: ${first[1]} :${first[2]}\` at line ${line}`;
}

/**
 * Folders of tests and fixtures: Go's `testdata/` (data a migration test inserts between
 * migrations, kratos's `migratest/testdata/`), test stubs (popx's `stub/migrations/`, whole
 * histories of their own), `tests/`, `fixtures/` … Their SQL never runs against the application's
 * database, and replayed into the base it would break it. Globs set for sql-migration are the
 * user's word and override this.
 */
const TEST_FOLDER = /(?:^|\/)(testdata|tests?|__tests__|spec|fixtures|stubs?)\//i;

function testFolderOf(path: string): string | undefined {
  const match = TEST_FOLDER.exec(path.replace(/\\/g, '/'));
  return match ? `${match[1]}/` : undefined;
}

/**
 * popx (Ory's migration runner, from gobuffalo/pop) keeps per version a generic
 * `<version>_<name>.up.sql` and, where a database needs other SQL, `<version>_<name>.<dialect>.up.sql`
 * beside it; it runs only the best match per version (the dialect's own file over the generic
 * one), so a generic file with a `.postgres.` sibling of its version never runs on PostgreSQL.
 * Returns that sibling's name.
 */
function supersededGeneric(path: string, context: RoleContext): string | undefined {
  const normalised = path.replace(/\\/g, '/');
  // popx's file names: <version>_<name>[.<dialect>][.autocommit].(up|down).sql
  const generic = /^(\d+)_[^.]+(?:\.autocommit)?\.up\.sql$/.exec(posix.basename(normalised));
  if (!generic) return undefined;
  const folder = posix.dirname(normalised);
  const ownFile = new RegExp(`^${generic[1]}_[^.]+\\.postgres(?:ql)?(?:\\.autocommit)?\\.up\\.sql$`);
  const specific = context.versionedMigrations.find(
    (migration) => posix.dirname(migration) === folder && ownFile.test(posix.basename(migration)),
  );
  return specific ? posix.basename(specific) : undefined;
}
