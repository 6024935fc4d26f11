import type { FileReview, Review, StatementReport } from '../review-types/index.js';
import { dryRunBaseText, formatMs } from './dry-run-facts.js';
import { fitLine, terminalSafe, terminalSafeLine, wrap } from './text-terminal.js';
import type { TextStyle } from './text-style.js';

/**
 * What the dry run observed, for the terminal: where it ran, then one row per lock a statement
 * takes on an existing table — the statement, the lock, what it blocks, whether the table was
 * rewritten, and whether the lock was observed there or is the static model's prediction (a
 * statement run outside a transaction, or one the dry run did not get through) — then its notes:
 * what it skipped and why.
 */

const HEADERS = ['line', 'statement', 'lock', 'blocks', 'rewrite', 'locks'] as const;
const NOTES_SHOWN = 6;
const MIN_STATEMENT_WIDTH = 16;

const OUTCOME: Record<Exclude<NonNullable<StatementReport['dryRun']>, 'ok'>, string> = {
  failed: 'failed',
  timeout: 'time limit',
  'not-run': 'not run',
  skipped: 'skipped',
};

type Row = [string, string, string, string, string, string];

export function renderDryRunTable(review: Review, style: TextStyle): string | undefined {
  const summary = review.dryRun;
  if (!summary) return undefined;
  const { colors } = style;
  const head = `${terminalSafeLine(summary.engine)}, ${dryRunBaseText(summary)} · ${formatMs(summary.durationMs)}`;
  const lines = wrap(head, style.width, 'Dry run: ', '  ');
  lines[0] = lines[0]!.replace('Dry run:', colors.bold('Dry run:'));
  const groups = review.files.filter((file) => file.skipped === undefined).map((file) => ({ file, rows: rowsOf(file) }));
  const rows = groups.flatMap((group) => group.rows);
  const quiet = groups.reduce((total, group) => total + group.file.statements.length, 0) - new Set(rows.map((row) => row.statement)).size;
  if (rows.length > 0) {
    const widths = columnWidths(
      rows.map((row) => row.cells),
      style.width,
    );
    lines.push(colors.dim(`  ${formatRow([...HEADERS], widths)}`));
    for (const group of groups.filter((candidate) => candidate.rows.length > 0)) {
      lines.push(`  ${colors.underline(fitLine(terminalSafeLine(group.file.path), style.width - 2))}`);
      for (const row of group.rows) lines.push(`  ${formatRow(row.cells, widths, style)}`);
    }
  }
  if (quiet > 0)
    lines.push(colors.dim(`  ${quiet === 1 ? '1 other statement takes' : `${quiet} other statements take`} no lock on an existing table.`));
  for (const note of summary.notes.slice(0, NOTES_SHOWN)) lines.push(...wrap(terminalSafe(note), style.width, '  · ', '    '));
  if (summary.notes.length > NOTES_SHOWN)
    lines.push(`  · … and ${summary.notes.length - NOTES_SHOWN} more notes (--format json lists them all)`);
  return lines.join('\n');
}

/** One row per lock; a statement that did not run gets one row that says so. */
function rowsOf(file: FileReview): { statement: StatementReport; cells: Row }[] {
  const rows: { statement: StatementReport; cells: Row }[] = [];
  for (const statement of file.statements) {
    if (statement.kind === 'TransactionStmt') continue;
    const text = terminalSafeLine(statement.summary);
    const outcome = statement.dryRun === undefined || statement.dryRun === 'ok' ? undefined : OUTCOME[statement.dryRun];
    if (statement.locks.length === 0) {
      if (outcome) rows.push({ statement, cells: [String(statement.line), text, '—', '—', '?', outcome] });
      continue;
    }
    const seen = outcome ?? (statement.dryRun === 'ok' && statement.locksObserved !== false ? 'observed' : 'predicted');
    const rewrites = new Set(statement.rewrites ?? []);
    for (const [index, lock] of statement.locks.entries()) {
      const rewrite = statement.dryRun !== 'ok' ? '?' : rewrites.has(lock.relation) ? 'yes' : 'no';
      const first = index === 0;
      rows.push({
        statement,
        cells: [
          first ? String(statement.line) : '',
          first ? text : '',
          `${terminalSafeLine(lock.relation)} ${lock.mode}`,
          shortBlocks(lock.blocks),
          rewrite,
          seen,
        ],
      });
    }
  }
  return rows;
}

/** "writes (INSERT, UPDATE, DELETE); reads continue" → "writes": the lock mode says the rest. */
function shortBlocks(blocks: string): string {
  return (
    blocks
      .replace(/\s*\([^)]*\)/g, '')
      .replace(/;\s*reads continue$/, '')
      .trim() || '—'
  );
}

/** Every column as wide as its widest cell, except the statement's, which gets the room left. */
function columnWidths(rows: readonly Row[], width: number): number[] {
  const widths = HEADERS.map((header, column) => Math.max(header.length, ...rows.map((row) => row[column]!.length)));
  const others = widths.reduce((total, value, column) => (column === 1 ? total : total + value), 0);
  const room = width - 2 - others - 2 * (HEADERS.length - 1);
  widths[1] = Math.max(MIN_STATEMENT_WIDTH, Math.min(widths[1]!, room));
  return widths;
}

function formatRow(cells: readonly string[], widths: readonly number[], style?: TextStyle): string {
  const padded = cells.map((cell, column) => fitLine(cell, widths[column]!).padEnd(column === cells.length - 1 ? 0 : widths[column]!));
  if (style) {
    // A rewrite, and a statement the dry run could not finish, are what a reviewer looks for.
    if (cells[4] === 'yes') padded[4] = style.colors.red(padded[4]!);
    if (!['observed', 'predicted'].includes(cells[5]!)) padded[5] = style.colors.yellow(padded[5]!);
  }
  return padded.join('  ').trimEnd();
}
