import type { SchemaFacts } from '../analysis/schema-facts.js';
import type { Config } from '../config/schema.js';
import type { Rule } from '../rules/define-rule.js';
import { parallelWorkers, reviewInParallel, type FileOutcome, type WorkerSetting } from './parallel-review.js';
import type { SqlFileInput } from './review-sql-file.js';
import type { FileReview } from '../review-types/index.js';

/**
 * Step 4 of review(): every file in review order, each seeing the facts left by the files before it.
 * On one thread by default; on worker threads when asked (ReviewDeps.workers, DBARCH_WORKERS);
 * parallel-review.ts explains how the order of facts is kept. Both give the same reviews.
 */

export interface EachFileOptions<File extends { path: string }> {
  /** Updated in place by the one-thread review; the parallel review leaves it as it was. */
  facts: SchemaFacts;
  config: Config;
  rules: readonly Rule[];
  /** Worker threads: a number, `auto`, or undefined for the default (see parallelWorkers). */
  workers?: WorkerSetting;
  onProgress?: (done: number, total: number, path: string) => void;
  /** The input of a file that reviewSqlFile would review (so a worker can), else undefined. */
  sqlInput(file: File): SqlFileInput | undefined;
  /** Reviews one file on this thread, with the facts as they stand at its turn. */
  review(file: File, facts: SchemaFacts): FileOutcome;
}

export async function reviewEachFile<File extends { path: string }>(
  files: readonly File[],
  options: EachFileOptions<File>,
): Promise<{ reviews: FileReview[]; suppressed: number }> {
  const outcomes = (await reviewOnWorkers(files, options)) ?? reviewInOrder(files, options);
  return { reviews: outcomes.map((outcome) => outcome.review), suppressed: outcomes.reduce((sum, outcome) => sum + outcome.suppressed, 0) };
}

function reviewInOrder<File extends { path: string }>(files: readonly File[], options: EachFileOptions<File>): FileOutcome[] {
  return files.map((file, index) => {
    const outcome = options.review(file, options.facts);
    options.onProgress?.(index + 1, files.length, file.path);
    return outcome;
  });
}

/** Undefined when not worth it or when the workers fail (the review then runs on this thread). */
async function reviewOnWorkers<File extends { path: string }>(
  files: readonly File[],
  options: EachFileOptions<File>,
): Promise<FileOutcome[] | undefined> {
  const inputs = files.map((file) => options.sqlInput(file)).filter((input) => input !== undefined);
  const workers = parallelWorkers(
    options.workers,
    inputs.length,
    inputs.reduce((sum, input) => sum + input.content.length, 0),
  );
  if (workers === 0) return undefined;
  try {
    return await reviewInParallel({
      files,
      sqlInput: options.sqlInput,
      reviewInProcess: options.review,
      facts: options.facts,
      config: options.config,
      rules: options.rules,
      workers,
      onProgress: options.onProgress,
    });
  } catch {
    return undefined;
  }
}
