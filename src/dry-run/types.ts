import type { BaseFile, ColumnChange, ConstraintChange, RelationLock } from '../review-types/index.js';
import type { SharedBaseStore } from './replay/base-cache.js';
import type { StatementReferences } from './trace/statement-references.js';

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
  /** What the statement names (its parse tree, read by the engine): stand-ins are built from it. */
  references?: StatementReferences;
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
  /**
   * The base is the whole history (a review against a git ref): an object no base migration
   * creates should not exist. False (PATH mode) when the reviewed files may run on tables no
   * reviewed migration creates: missing objects get stand-ins instead of failing.
   */
  baseComplete?: boolean;
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
  /** Built base states shared with the deployment's other processes (the App's workers: Redis). */
  sharedCache?: SharedBaseStore;
  /** Shown with the results, e.g. "PGlite runs PostgreSQL 18; production runs 15". */
  pgVersionNote?: string;
  /**
   * Keep a sandbox started ahead on the last cached base (spare-sandbox.ts), for a long-running
   * process whose next review is likely on the same base. Not for one-shot commands.
   */
  prestart?: boolean;
  /** Notes the adapter adds to every result (e.g. that DATABASE_URL was ignored). */
  notes?: string[];
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
  /** Stand-ins the statement ran on (objects the base lacked, created for it: "table orders" …). */
  standIns?: string[];
  /**
   * The statement could not be checked (status skipped): it needs an object the base lacks and no
   * stand-in made it run. Reported as a notice, not as the migration's failure.
   */
  uncheckable?: boolean;
}

export interface FileTrace {
  path: string;
  statements: StatementTrace[];
  /** Set when the file was not (fully) traced: an earlier failure, a timeout … */
  note?: string;
  /** The file's own time budget ran out (not one statement's limit): the rest of the file was not traced. */
  budgetExhausted?: { limitMs: number };
  /** The embedded PostgreSQL crashed during the file (the message): the rest of the file was not traced. */
  crashed?: string;
  /** Relations the trace created as stand-ins for objects the base lacked. */
  standIns?: string[];
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
  /**
   * Told the base the coming run() starts from (DryRunInput.base) as soon as the engine knows it,
   * before the static review: the embedded runner starts PostgreSQL then, in its worker thread, so
   * the sandbox's start (about 0.7 s) overlaps the static review instead of following it.
   * Resolves once that start is under way (never rejects).
   */
  prepare?(base: readonly BaseFile[]): Promise<void>;
}
