import type { DryRunSummary, Review, StatementReport } from '../review-types/index.js';
import { plural } from './risk-labels.js';

/**
 * What the dry run observed, as plain words for any renderer (markdown summary, terminal text):
 * the base it ran on, durations, the statements it did not get through. No markup here.
 */

export const DRY_RUN_STATUS_TEXT: Record<NonNullable<StatementReport['dryRun']>, string> = {
  ok: 'ran',
  failed: 'failed',
  timeout: 'stopped (time limit)',
  'not-run': 'not run',
  skipped: 'skipped',
};

/** "base of 7 migrations (cached), 2 base statements skipped", or "empty base". */
export function dryRunBaseText(summary: DryRunSummary): string {
  const base =
    summary.base.files === 0 ? 'empty base' : `base of ${plural(summary.base.files, 'migration')}${summary.base.cached ? ' (cached)' : ''}`;
  const skipped = summary.base.skipped > 0 ? `, ${plural(summary.base.skipped, 'base statement')} skipped` : '';
  return `${base}${skipped}`;
}

export function formatMs(ms: number): string {
  if (ms >= 1000) return `${(ms / 1000).toFixed(1)} s`;
  return ms >= 10 ? `${Math.round(ms)} ms` : `${ms.toFixed(1)} ms`;
}

/** Statements the dry run saw fail or stopped at its time limit, as `path:line`. */
export function dryRunStops(review: Review): { failed: string[]; timeout: string[] } {
  const stops = { failed: [] as string[], timeout: [] as string[] };
  for (const file of review.files) {
    for (const statement of file.statements) {
      if (statement.dryRun === 'failed' || statement.dryRun === 'timeout') stops[statement.dryRun].push(`${file.path}:${statement.line}`);
    }
  }
  return stops;
}
