import type { StatementReport } from '../review-types/index.js';
import { formatDurationRange, formatTableSize } from '../stats/format-figures.js';
import { escapeMarkdownText, tableCode } from './escape-markdown.js';

/**
 * With production statistics (src/stats), the statements table of the summary comment gets a
 * "Table size · estimate" column: the size of the table a statement locks, and how long the
 * lock is estimated to be held, as a range.
 */
export function hasTableSizes(statements: readonly StatementReport[]): boolean {
  return statements.some((statement) => statement.table !== undefined);
}

export function tableSizeCell(statement: StatementReport): string {
  if (!statement.table) return '—';
  const size = `${tableCode(statement.table.name)} ${escapeMarkdownText(formatTableSize(statement.table))}`;
  const estimate = statement.estimate;
  return estimate ? `${size}<br>est. ${formatDurationRange(estimate.lowSeconds, estimate.highSeconds)}` : size;
}
