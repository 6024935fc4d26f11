import type { Review, StatementReport } from '../review-types/index.js';
import { escapeMarkdownProse, escapeMarkdownText, tableCode } from './escape-markdown.js';
import { DRY_RUN_STATUS_TEXT, dryRunBaseText, formatMs } from './dry-run-facts.js';

/**
 * What the dry run observed, for the summary comment: one cell per statement in the statements
 * table (rewrites and time, or why it did not run) and one line on where it ran.
 */

const STATUS_TEXT: Record<NonNullable<StatementReport['dryRun']>, string> = {
  ...DRY_RUN_STATUS_TEXT,
  failed: `❌ ${DRY_RUN_STATUS_TEXT.failed}`,
  timeout: `⏱️ ${DRY_RUN_STATUS_TEXT.timeout}`,
};

/** Whether the statements table gets a "Dry run" column. */
export function hasDryRun(statements: readonly StatementReport[]): boolean {
  return statements.some((statement) => statement.dryRun !== undefined);
}

export function dryRunCell(statement: StatementReport): string {
  // Transaction control is not run on its own: the dry run gives each statement its own transaction.
  if (statement.dryRun === undefined || (statement.dryRun === 'skipped' && statement.kind === 'TransactionStmt')) return '—';
  if (statement.dryRun !== 'ok') return STATUS_TEXT[statement.dryRun];
  const rewrites = statement.rewrites ?? [];
  const what = rewrites.length > 0 ? `rewrote ${rewrites.map(tableCode).join(', ')}` : 'no rewrite';
  return statement.durationMs === undefined ? what : `${what} · ${formatMs(statement.durationMs)}`;
}

/** "Dry run on PGlite 0.5.16 (PostgreSQL 18.6): base of 7 migrations (cached) · 1.2 s" and its notes. */
export function dryRunSection(review: Review): string | undefined {
  const summary = review.dryRun;
  if (!summary) return undefined;
  const head = `<sub>Dry run on ${escapeMarkdownText(summary.engine)}: ${dryRunBaseText(summary)} · ${formatMs(summary.durationMs)}. Locks and rewrites in the tables above were observed there.</sub>`;
  const notes = summary.notes.slice(0, 6).map((note) => `<sub>· ${escapeMarkdownProse(note)}</sub>`);
  return [head, ...notes].join('<br>\n');
}
