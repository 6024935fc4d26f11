import type { DryRunInput, DryRunResult, DryRunner } from '../../dry-run/types.js';
import type { Changeset, DryRunSummary } from '../../review-types/index.js';
import type { ReviewedFile } from '../files/file-reviewer.js';
import { dryRunInput, type DryRunBase } from './dry-run-input.js';

/**
 * Step 6 of review(), the dry run: runs the reviewed SQL migrations on the base snapshot's
 * migrations and returns what it observed, as evidence; merge-dry-run.ts applies it to the file
 * reviews. Nothing here changes a review.
 */

export interface DryRunEvidence {
  result?: DryRunResult;
  /** What ran: merge-dry-run.ts reads which statements held placeholders. */
  input?: DryRunInput;
  /** For Review.dryRun. */
  summary?: DryRunSummary;
  /** Why the dry run did not run or trace (for Review.stats.skipped["dry-run"]). */
  skipped?: string;
}

export async function runDryRun(
  changeset: Changeset,
  dryBase: DryRunBase,
  reviewed: readonly ReviewedFile[],
  runner: DryRunner,
): Promise<DryRunEvidence> {
  const changes = reviewed.flatMap(({ review, dryRunStatements }) =>
    !review.skipped && dryRunStatements && dryRunStatements.length > 0 ? [{ path: review.path, statements: dryRunStatements }] : [],
  );
  const input = dryRunInput(changeset, dryBase, changes);
  const schemas = dryBase.placeholderSchemas;
  if (input.changes.length === 0) return { skipped: 'no SQL migration to run' };
  let result: DryRunResult;
  try {
    result = await runner.run(input);
  } catch (error) {
    // Runners report their own failures as notes; this is the last guard: the review goes on.
    return { skipped: `the dry run failed: ${(error as Error).message}` };
  }
  const skipped = result.base.built ? undefined : result.notes.join('; ') || 'the base schema could not be built';
  const summary = dryRunSummary(result);
  if (schemas.length > 0) {
    // Counted as a base file by the runner, but no migration of the repository.
    summary.base.files -= 1;
    summary.notes.push(`schemas that placeholders name were created first, as their tool would: ${schemas.join(', ')}`);
  }
  return { result, input, summary, ...(skipped ? { skipped } : {}) };
}

const BASE_SKIPS_LISTED = 5;

export function dryRunSummary(result: DryRunResult): DryRunSummary {
  const { base } = result;
  const skips = base.skipped
    .slice(0, BASE_SKIPS_LISTED)
    .map((note) => `base ${note.path}${note.line ? `:${note.line}` : ''}: ${note.message}`);
  if (base.skipped.length > BASE_SKIPS_LISTED)
    skips.push(`… and ${base.skipped.length - BASE_SKIPS_LISTED} more base statement(s) skipped`);
  return {
    engine: result.engine,
    base: {
      files: base.files,
      statements: base.statements,
      skipped: base.skipped.length,
      built: base.built,
      cached: base.cached,
      durationMs: base.durationMs,
    },
    durationMs: result.durationMs,
    notes: [...result.notes, ...skips, ...standInNotes(result), ...uncheckedNotes(result)],
  };
}

/** Which relations the trace made up because the base lacked them (stand-ins.ts). */
function standInNotes(result: DryRunResult): string[] {
  return result.files
    .filter((file) => file.standIns?.length)
    .map((file) => `${file.path}: traced on stand-ins for objects the base lacks: ${file.standIns!.join(', ')}`);
}

/**
 * Statements the trace did not run (server guard, privileges, missing objects) and those it traced
 * only after taking its sample rows out, so every output format lists them.
 */
function uncheckedNotes(result: DryRunResult): string[] {
  const notes: string[] = [];
  for (const file of result.files) {
    for (const statement of file.statements) {
      if (!statement.note || statement.note.startsWith('transaction control')) continue;
      if (statement.status === 'skipped') notes.push(`${file.path}:${statement.line} not run: ${statement.note}`);
      else if (statement.status === 'ok') notes.push(`${file.path}:${statement.line} ${statement.note}`);
    }
  }
  return notes;
}
