import type { Config } from '../config/schema.js';
import type { FileReview } from '../review-types/index.js';
import type { SqlFileInput } from './review-sql-file.js';

/**
 * Messages between the parallel review (main thread, parallel-review.ts) and its workers
 * (parallel-review-worker.ts). Files are numbered by their position in the review order; the
 * facts of file k are the statements of file k that change SchemaFacts, which every thread applies
 * in that order.
 */

/** A statement as SchemaFacts.apply() reads it. */
export interface FactStatement {
  kind: string;
  ast?: Record<string, unknown>;
}

export interface WorkerStart {
  config: Config;
  /** Ids of the enabled rules (rules are code: each thread imports its own). */
  ruleIds: string[];
  /** The SchemaFacts the review starts from (base schema, planned indexes), structured-cloned. */
  facts: object;
}

export type ToWorker =
  { type: 'review'; index: number; input: SqlFileInput } | { type: 'facts'; index: number; statements: FactStatement[] };

export type FromWorker =
  | { type: 'facts'; index: number; statements: FactStatement[] }
  | { type: 'reviewed'; index: number; review: FileReview; suppressed: number }
  | { type: 'failed'; index: number; message: string; stack?: string };
