import type { BaseFile, ColumnChange, ConstraintChange, RelationLock } from '../engine/types.js';

/**
 * Shapes of the dry run: what the engine hands over (ordered base migrations, changed files with
 * their statements) and what comes back (per statement: observed locks, rewrites, duration, error).
 */

export interface DryRunStatementInput {
  /** Index of the statement in its file's parsed statements (matches StatementReport order). */
  index: number;
  text: string;
  line: number;
  endLine: number;
  /** Whether the migration tool (or the file's own BEGIN) runs this statement inside a transaction. */
  inTransaction: boolean;
  /** Parser node kind ("AlterTableStmt" …); transaction control statements are not executed. */
  kind?: string;
  /** Tables the static lock model says the statement touches: seeded with sample rows first. */
  relations?: string[];
  /**
   * The statement held placeholders its tool fills in (psql `:name`, `@extschema@`, `${name}`):
   * `text` has them replaced by stand-in names (maskPlaceholders), so a failure may be the
   * stand-ins' and not the migration's.
   */
  templated?: boolean;
}

export interface DryRunFileInput {
  path: string;
  statements: DryRunStatementInput[];
}

export interface DryRunInput {
  /** Migrations that exist on the base side, in the order their tool applies them. */
  base: BaseFile[];
  /** Changed migrations, in the order they would run. */
  changes: DryRunFileInput[];
}

export interface DryRunTimeouts {
  /** Wall-clock limit for one statement of a changed file. */
  statementMs: number;
  /** Wall-clock limit for one changed file (all its statements). */
  fileMs: number;
  /** Wall-clock limit for one base migration file during replay. */
  baseFileMs: number;
  /** Limit for starting the embedded PostgreSQL. */
  startMs: number;
}

export const DEFAULT_TIMEOUTS: DryRunTimeouts = { statementMs: 10_000, fileMs: 30_000, baseFileMs: 30_000, startMs: 60_000 };

export interface DryRunOptions {
  timeouts?: Partial<DryRunTimeouts>;
  /** The worker is stopped when the process's resident memory grows past this (MB). */
  memoryLimitMb?: number;
  /** Rows put into each pre-existing table a changed statement touches (0: none). */
  seedRows?: number;
  /** Directory for built base states (PGlite data-dir tarballs); in memory only when absent. */
  cacheDir?: string;
  /** Shown with the results, e.g. "PGlite runs PostgreSQL 18; production runs 15". */
  pgVersionNote?: string;
  /**
   * Keep a sandbox started ahead on the last cached base (spare-sandbox.ts), for a long-running
   * process whose next review is likely on the same base. Not for one-shot commands.
   */
  prestart?: boolean;
}

export interface StatementError {
  message: string;
  /** SQLSTATE, or "timeout" / "worker" when the sandbox stopped the statement. */
  code: string;
  detail?: string;
  hint?: string;
}

export type StatementStatus = 'ok' | 'failed' | 'timeout' | 'not-run' | 'skipped';

export interface StatementTrace {
  index: number;
  line: number;
  endLine: number;
  status: StatementStatus;
  /** "statement": traced in its own transaction; "none": ran outside one (e.g. CONCURRENTLY). */
  transaction: 'statement' | 'none';
  /** Strongest lock per pre-existing relation; empty when not observed (see locksObserved). */
  locks: RelationLock[];
  /** False when the statement ran outside a transaction: its locks were gone before they could be read. */
  locksObserved: boolean;
  /** Pre-existing tables and indexes whose relfilenode changed (rewritten). */
  rewrites: string[];
  /** The tables (and materialized views) among `rewrites` that exist in the base (not created by the change). */
  rewrittenTables: string[];
  /** Relations that did not exist before the statement. */
  created: string[];
  /** Columns of pre-existing tables the statement added, dropped or changed (absent: none). */
  columns?: ColumnChange[];
  /** Constraints of pre-existing tables it added, validated or dropped (absent: none). */
  constraints?: ConstraintChange[];
  durationMs?: number;
  error?: StatementError;
  /** Why the statement was not run, or how it was traced (e.g. sample rows removed and retried). */
  note?: string;
  /** Tables that held dbarch's sample rows when the statement ran. */
  seededTables?: string[];
}

export interface FileTrace {
  path: string;
  statements: StatementTrace[];
  /** Set when the file was not (fully) traced: an earlier failure, a timeout … */
  note?: string;
}

export interface DryRunNote {
  path: string;
  line?: number;
  message: string;
}

export interface BaseReplay {
  files: number;
  statements: number;
  /** Base statements PGlite could not run (missing extension, roles, COPY FROM a file …). */
  skipped: DryRunNote[];
  /** False when the base could not be built at all: the changes were not traced. */
  built: boolean;
  /** True when the base came from the cache instead of a replay. */
  cached: boolean;
  durationMs: number;
}

export interface DryRunResult {
  /** "PGlite 0.5.16 (PostgreSQL 18.x)" or the real server's version. */
  engine: string;
  base: BaseReplay;
  files: FileTrace[];
  /** Notes for the whole run: why it did not trace, version differences … */
  notes: string[];
  durationMs: number;
}

export interface DryRunner {
  run(input: DryRunInput): Promise<DryRunResult>;
}
