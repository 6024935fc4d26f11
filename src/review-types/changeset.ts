/**
 * What an adapter (local git, the GitHub API, plain paths) hands the engine: the changed files and the
 * base-side files, and the kinds the classifier gives them.
 */

/** What kind of file the classifier decided a path is. */
export type FileKind =
  'sql-migration' | 'alembic' | 'sqlalchemy-model' | 'sqlmodel-model' | 'prisma-schema' | 'prisma-migration' | 'config' | 'other';

/** Migration tools whose conventions (ordering, transaction wrapping) dbarch knows. */
export type MigrationTool =
  'prisma' | 'flyway' | 'golang-migrate' | 'dbmate' | 'sqitch' | 'supabase' | 'alembic' | 'diesel' | 'goose' | 'plain';

/**
 * How a tool that runs a file in one transaction opens that transaction, which decides what a
 * BEGIN or COMMIT written in the file does. 'begin': the tool or its driver sends BEGIN before the
 * file and COMMIT after it (Flyway over JDBC, dbmate, Alembic, Diesel, goose), so a BEGIN in the
 * file is nested and PostgreSQL ignores it with a warning. 'implicit': the tool sends the file as
 * one multi-statement query (golang-migrate, Prisma, dbmate `transaction:false`) or one pipeline
 * (Supabase), which PostgreSQL runs as one implicit transaction: a BEGIN there turns it into a
 * regular transaction block, without a warning.
 */
export type TransactionWrapping = 'begin' | 'implicit';

export type ChangeStatus = 'added' | 'modified' | 'removed' | 'renamed';

/** One file of a change, as an adapter (local git, GitHub API, plain paths) collected it. */
export interface ChangedFile {
  path: string;
  status: ChangeStatus;
  /** Head contents; undefined for removed files or files that were skipped (see skipReason). */
  content?: string;
  /** Base contents when the file existed there and the adapter fetched them. */
  baseContent?: string;
  /** For a renamed file: its path at the base. */
  previousPath?: string;
  /**
   * Why the adapter did not fetch the contents (binary, too large …). Fail closed: a file without
   * contents that is not `outOfScope` gets a `not-reviewed` finding that says this reason.
   */
  skipReason?: string;
  /** 1-based line the skipReason is about (the first byte that is not UTF-8). */
  skipLine?: number;
  /** Skipped on purpose, not for want of contents (a file in another SQL dialect, a schema snapshot). */
  outOfScope?: boolean;
}

/** A file that exists on the base side, read for facts (its schema) and for the dry run's base. */
export interface BaseFile {
  path: string;
  content: string;
}

export interface Changeset {
  files: ChangedFile[];
  /** Migrations and models that exist on the base side (already applied in production). */
  baseFiles?: BaseFile[];
  /** Human label of the change (e.g. "main...HEAD" or "PR #12"); shown in renderers. */
  label?: string;
  /**
   * `paths`: files named on the command line, each reviewed as new, with no change around them to
   * compare against (so "model changed without a migration" cannot be judged); `diff` (default):
   * a real change, from git or a pull request.
   */
  mode?: 'paths' | 'diff';
}
