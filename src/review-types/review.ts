/**
 * The review document (dbarch.review/v1): per file, per statement, and the change as a whole.
 * Field names are a contract with users' scripts (DESIGN.md, "Contracts"): rename nothing here
 * without a schema version bump.
 */
import type { FileKind, MigrationTool } from './changeset.js';
import type { DurationEstimate, Finding, TableSize } from './finding.js';
import type { Risk, Severity } from './levels.js';
import type { ColumnChange, ConstraintChange, RelationLock } from './locks.js';

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
  /** Set when the LLM architect review ran (src/engine/evidence/llm-advice.ts). */
  advice?: LlmAdvice;
  /** Set when the dry run ran (src/engine/evidence/dry-run.ts). */
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
