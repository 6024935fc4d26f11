import type { Config } from '../../config/schema.js';
import { finishFile } from '../../findings/finish-file.js';
import { NestingTooDeepError } from '../../parse/nesting-limit.js';
import type { Rule } from '../../rules/api/define-rule.js';
import internalError from '../../rules/internal-error.js';
import notReviewed from '../../rules/not-reviewed.js';
import { ruleFinding } from '../../rules/api/rule-finding.js';
import type { FileKind, FileReview, MigrationTool } from '../../review-types/index.js';

/**
 * Fail closed (DESIGN.md): a file dbarch could not review is a finding that counts, never a silent
 * "safe". A file ends up unreviewed when its contents never arrived in a form dbarch can read (too
 * large, binary, not UTF-8, not fetched) or a parser refused its nesting (NestingTooDeepError):
 * `not-reviewed`; or when reviewing it threw: `internal-error`. The rest of the change is still reviewed.
 */

export interface UnreviewedFile {
  path: string;
  kind: FileKind;
  tool?: MigrationTool;
}

/** Runs one file's review; an exception becomes an `internal-error` finding on that file. */
export function reviewFailingClosed<Outcome extends { review: FileReview; suppressed: number }>(
  file: UnreviewedFile,
  config: Config,
  reviewFile: () => Outcome,
): Outcome | { review: FileReview; suppressed: number } {
  try {
    return reviewFile();
  } catch (error) {
    if (error instanceof NestingTooDeepError) {
      const why = `${error.what} (line ${error.line})`;
      return { review: notReviewedFileReview(file, config, why, error.line), suppressed: 0 };
    }
    const message =
      `dbarch failed while reviewing this file (${briefError(error)}), so nothing in it was checked: treat it as unreviewed. ` +
      'Review it by hand, and please report the error at https://github.com/dbarch-dev/dbarch/issues with the file if you can share it.';
    return { review: unreviewedFileReview(file, config, internalError, { message, line: 1 }), suppressed: 0 };
  }
}

/** The review of a file whose contents could not be read (`why`: "binary file (contains NUL bytes)" …). */
export function notReviewedFileReview(file: UnreviewedFile, config: Config, why: string, line = 1): FileReview {
  const message =
    `dbarch did not review this file: ${why}. What it does to the database is unknown, so it cannot pass as safe; ` +
    'fix the file (or review it by hand and acknowledge it).';
  return unreviewedFileReview(file, config, notReviewed, { message, line });
}

function unreviewedFileReview(file: UnreviewedFile, config: Config, rule: Rule, finding: { message: string; line: number }): FileReview {
  // Not a judgement of the SQL (none was read): risk "safe"; the gate counts it through
  // FAIL_CLOSED_RULES (review-types/finding.ts) instead, so the rollout plan does not invent a
  // data-loss step for a file it never read. Not marked `skipped`: renderers list a skipped
  // file's reason only, and this finding must be seen.
  const reported = ruleFinding(rule, { path: file.path, line: finding.line, endLine: finding.line }, { message: finding.message });
  const finished = finishFile(
    { path: file.path, kind: file.kind, ...(file.tool ? { tool: file.tool } : {}), statements: [], findings: [reported], suppressions: [] },
    { config, rules: [rule] },
  );
  return finished.review;
}

/** "RangeError: Maximum call stack size exceeded", cut to one short line. */
export function briefError(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const line = text.split('\n')[0]!;
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}
