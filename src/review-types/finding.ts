/**
 * A finding: one hazard at one place, with its fix and, with production stats, its size and duration.
 * Field names are a contract with users' scripts (DESIGN.md, "Contracts"): rename nothing here
 * without a schema version bump.
 */
import type { Risk, Severity } from './levels.js';

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

/**
 * A finding while a file is reviewed: with the index of the statement (or model anchor) it belongs
 * to, which suppressions and the risk roll-up need. finishFile (src/findings/finish-file.ts) makes
 * it a Finding.
 */
export interface RuleFinding extends Finding {
  statementIndex?: number;
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

/**
 * Rule ids of the fail-closed findings (src/engine/files/fail-closed.ts): a file dbarch could not review.
 * Their errors fail every fail-on level but `never` (src/policy/fail-on.ts).
 */
export const FAIL_CLOSED_RULES: ReadonlySet<string> = new Set(['not-reviewed', 'internal-error']);
