/**
 * The public shapes of a review. Field names of Finding and of the JSON review are a contract with
 * users' scripts (DESIGN.md, "Contracts"): rename nothing here without a schema version bump.
 */

/** How bad a change is for a running production database, in increasing order. */
export type Risk = 'safe' | 'downtime' | 'destructive';
export const RISKS: readonly Risk[] = ['safe', 'downtime', 'destructive'];

/** How loudly a finding asks for action, in increasing order. */
export type Severity = 'notice' | 'warning' | 'error';
export const SEVERITIES: readonly Severity[] = ['notice', 'warning', 'error'];

export type FindingSource = 'rule' | 'dry-run' | 'llm';

export interface Fix {
  description: string;
  /** Exact replacement text for the finding's range (line/column … endLine/endColumn). */
  replacement?: string;
}

export interface Finding {
  ruleId: string;
  source: FindingSource;
  severity: Severity;
  risk: Risk;
  path: string;
  /** 1-based, in the file as it is in the change's head. */
  line: number;
  endLine: number;
  /** 1-based, in UTF-16 code units (what editors, SARIF and GitHub count). */
  column?: number;
  endColumn?: number;
  message: string;
  help?: string;
  fix?: Fix;
  docsUrl?: string;
  /** The production size of the table the finding is about, from a dbarch.stats/v1 snapshot (src/stats). */
  table?: TableSize;
  /** How long the operation is estimated to hold its lock, where the stats allowed an estimate. */
  estimate?: DurationEstimate;
}

/** A table's size in a production stats snapshot: estimated rows, bytes of table, TOAST and indexes. */
export interface TableSize {
  /** Schema-qualified, as in the snapshot ("public.orders"). */
  name: string;
  rows: number;
  bytes: number;
}

/** A duration range from the stats model (src/stats/estimate-model.ts), never a single figure. */
export interface DurationEstimate {
  lowSeconds: number;
  highSeconds: number;
  /** What the range rests on: operation, sizes and rates. */
  basis: string;
}

/** What kind of file the classifier decided a path is. */
export type FileKind =
  'sql-migration' | 'alembic' | 'sqlalchemy-model' | 'sqlmodel-model' | 'prisma-schema' | 'prisma-migration' | 'config' | 'other';

/** Migration tools whose conventions (ordering, transaction wrapping) dbarch knows. */
export type MigrationTool =
  'prisma' | 'flyway' | 'golang-migrate' | 'dbmate' | 'sqitch' | 'supabase' | 'alembic' | 'diesel' | 'goose' | 'plain';

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

/** One statement's lock on one relation, from dbarch's static lock model or the dry run. */
export interface RelationLock {
  relation: string;
  mode: LockMode;
  /** What this mode blocks for other sessions, in words: "reads and writes", "writes", "DDL". */
  blocks: string;
  /** Taken through this index (DROP INDEX, REINDEX INDEX …): `relation` is its table, or the index's own name when its table is unknown. */
  index?: string;
}

export type LockMode =
  | 'ACCESS SHARE'
  | 'ROW SHARE'
  | 'ROW EXCLUSIVE'
  | 'SHARE UPDATE EXCLUSIVE'
  | 'SHARE'
  | 'SHARE ROW EXCLUSIVE'
  | 'EXCLUSIVE'
  | 'ACCESS EXCLUSIVE';

/** A column of an existing table that a statement added, dropped or changed, as the dry run saw it. */
export interface ColumnChange {
  table: string;
  column: string;
  change: 'added' | 'dropped' | 'type' | 'not null' | 'nullable' | 'default';
  /** The type or default before and after (type and default changes; the type of an added column). */
  from?: string;
  to?: string;
}

/** A constraint of an existing table that a statement added, validated or dropped, as the dry run saw it. */
export interface ConstraintChange {
  table: string;
  name: string;
  type: string;
  change: 'added' | 'dropped' | 'validated';
  /** For an added constraint: checked against the rows (false: NOT VALID). */
  validated?: boolean;
}

/** Per-statement facts shown in the summary and the JSON review. */
export interface StatementReport {
  line: number;
  endLine: number;
  /** Statement kind as PostgreSQL's parser names it, e.g. "AlterTableStmt". */
  kind: string;
  /** Short text of the statement, first line, for tables. */
  summary: string;
  risk: Risk;
  locks: RelationLock[];
  /**
   * Set by the dry run when it ran the statement: true when `locks` are the ones it observed, false
   * when they stay the static model's prediction (a statement that runs outside a transaction).
   */
  locksObserved?: boolean;
  /** Relations the dry run saw rewritten (filled in by the dry run). */
  rewrites?: string[];
  /** Columns and constraints of existing tables the dry run saw the statement change. */
  columns?: ColumnChange[];
  constraints?: ConstraintChange[];
  durationMs?: number;
  inTransaction: boolean;
  /**
   * The statement is in the base version of this edited migration too (it ran where the migration
   * was applied): it updates the schema facts but is not reviewed, and it adds no risk.
   */
  unchanged?: boolean;
  /** The statement's outcome in the dry run (absent when no dry run traced it). */
  dryRun?: 'ok' | 'failed' | 'timeout' | 'not-run' | 'skipped';
  /** With production stats: the size of the table it locks longest, and the estimate for it (see Finding). */
  table?: TableSize;
  estimate?: DurationEstimate;
}

export interface FileReview {
  path: string;
  kind: FileKind;
  tool?: MigrationTool;
  risk: Risk;
  findings: Finding[];
  statements: StatementReport[];
  /** Set when the file was not analysed (binary, too large, not a migration…). */
  skipped?: string;
}

export interface ReviewStats {
  files: number;
  filesReviewed: number;
  statements: number;
  findings: number;
  bySeverity: Record<Severity, number>;
  suppressed: number;
  durationMs: number;
  /** Parts of the pipeline that did not run, with the reason ("llm": "no OPENAI_API_KEY"). */
  skipped: Record<string, string>;
  /** The LLM architect review's model, tokens and estimated cost, when it ran (or came from the cache). */
  llm?: LlmStats;
}

export interface LlmStats {
  model: string;
  /** Hash of prompts/*.md: which instructions produced the advice. */
  promptVersion: string;
  inputTokens: number;
  outputTokens: number;
  /** Estimated USD; null when the model's price is unknown (a local or proxied model). */
  costUsd: number | null;
  /** True when the advice came from the cache: nothing was sent, 0 tokens. */
  cached: boolean;
}

/** The LLM architect's text for the summary comment: advice only, it never changes a risk. */
export interface LlmAdvice {
  summary: string;
  /** Advice on lines outside the change ("path:line: message"): shown here, never posted inline. */
  elsewhere: string[];
  /** What the model did not see or what was dropped (trimmed files, redacted secrets, invalid output). */
  notes: string[];
}

export interface Review {
  schema: 'dbarch.review/v1';
  risk: Risk;
  files: FileReview[];
  /** All findings of all files, sorted by path then line. */
  findings: Finding[];
  /** Ordered steps that make the risky parts of this change safe to roll out. */
  rolloutPlan: string[];
  stats: ReviewStats;
  label?: string;
  /** Set when the LLM architect review ran (src/engine/apply-llm-review.ts). */
  advice?: LlmAdvice;
  /** Set when the dry run ran (src/engine/apply-dry-run.ts). */
  dryRun?: DryRunSummary;
}

/** Where the dry run ran and how the base schema was built. */
export interface DryRunSummary {
  /** "PGlite 0.5.16 (PostgreSQL 18.1)" or "PostgreSQL 15.20 (server, scratch database)". */
  engine: string;
  base: { files: number; statements: number; skipped: number; built: boolean; cached: boolean; durationMs: number };
  durationMs: number;
  /** Why it did not trace, version differences, statements of the base it skipped (first few) … */
  notes: string[];
}

/** Returns the higher of two ordered levels. */
export function maxLevel<T extends string>(order: readonly T[], a: T, b: T): T {
  return order.indexOf(a) >= order.indexOf(b) ? a : b;
}

export function maxRisk(risks: Iterable<Risk>): Risk {
  let result: Risk = 'safe';
  for (const risk of risks) result = maxLevel(RISKS, result, risk);
  return result;
}
