import type { DurationEstimate } from '../review-types/index.js';
import type { StatsTable } from './stats-snapshot.js';

/**
 * How long an operation that reads or rewrites a whole table takes, from its size: a simple model,
 * seconds = 0.01 + bytes / bytesPerSecond + rowWork / rowsPerSecond, shown as a range (÷ spread …
 * × spread), never as one figure (from 0 when the estimate is under 0.1 s). The default rates were
 * measured by `npm run bench -- stats-estimates` on PostgreSQL 15 here (docs/stats.md has the
 * table); config `stats.estimate` overrides them for a faster or slower production server.
 */

export const OPERATIONS = ['index-build', 'rewrite', 'validating-scan', 'foreign-key-validation', 'backfill'] as const;
export type Operation = (typeof OPERATIONS)[number];

export interface OperationRate {
  /** Table bytes (heap and TOAST) read or written per second; absent: bytes are not counted. */
  bytesPerSecond?: number;
  /** Rows (rewrite, backfill: rows × (1 + indexes), the index entries written too) per second; absent: rows are not counted. */
  rowsPerSecond?: number;
}

export type EstimateRates = Record<Operation, OperationRate>;

/**
 * Measured on PostgreSQL 15 on this project's 2-core CI machine, tables of 1e5–5e6 rows of ~70
 * bytes (bench/stats-estimates.ts, docs/stats.md). The bench's rows all have one width, so bytes
 * and rows cannot be told apart there: each rate is the one that explains the measurements, rows
 * for the operations whose cost is per row (sorting, index entries, row versions), bytes for the
 * plain scan.
 *
 * Each default is the geometric mean of the rates three quiet runs implied (in brackets; 1-min load
 * average under 1 at their start, at most 1.7 during them, the bench's own work included), ÷ √2:
 * a production server is rarely as idle as a bench machine, so the estimate sits √2 above the
 * quiet time. With the ÷/× 2 range the quiet time is then a quarter of the way up it, leaving √2
 * below for a faster server or a lucky run and 2√2 above for a slower or busier one.
 */
export const DEFAULT_RATES: EstimateRates = {
  'index-build': { rowsPerSecond: 2.9e6 }, // (4.04 M rows/s)
  rewrite: { rowsPerSecond: 1.2e6 }, // (1.71 M row·index/s)
  'validating-scan': { bytesPerSecond: 910e6 }, // (1.29 GB/s)
  'foreign-key-validation': { rowsPerSecond: 4.1e6 }, // (5.74 M rows/s)
  backfill: { rowsPerSecond: 0.33e6 }, // (0.46 M row·index/s)
};

/** What any of these statements costs beyond its table work (locks, catalog updates, commit). */
export const STATEMENT_SECONDS = 0.01;

/** Default factor between the estimate and each end of its range: 4× from low to high. */
export const DEFAULT_SPREAD = 2;

export interface EstimateModel {
  rates: EstimateRates;
  spread: number;
}

/** The rows a table holds: reltuples, or the collector's live count when it was never analysed. */
export function tableRows(table: StatsTable): number {
  return table.rows >= 0 ? table.rows : table.liveRows;
}

export function tableBytes(table: StatsTable): number {
  return table.heapBytes + table.toastBytes;
}

/** What an operation on `table` reads or writes: the quantities the rates divide. */
export interface OperationWork {
  bytes: number;
  rowWork: number;
  /** Rewrites and backfills write every index entry again: rowWork is rows × (1 + indexes). */
  writesIndexes: boolean;
}

/** `referenced` is the parent of a foreign key being validated (its index is probed or scanned once per child row). */
export function operationWork(operation: Operation, table: StatsTable, referenced?: StatsTable): OperationWork {
  const rows = tableRows(table);
  const bytes = tableBytes(table) + (operation === 'foreign-key-validation' && referenced ? tableBytes(referenced) : 0);
  const writesIndexes = operation === 'rewrite' || operation === 'backfill';
  return { bytes, rowWork: writesIndexes ? rows * (1 + table.indexes.length) : rows, writesIndexes };
}

/** The model's central figure, before the range spreads it. */
export function estimateSeconds(rate: OperationRate, work: OperationWork): number {
  return (
    STATEMENT_SECONDS +
    (rate.bytesPerSecond ? work.bytes / rate.bytesPerSecond : 0) +
    (rate.rowsPerSecond ? work.rowWork / rate.rowsPerSecond : 0)
  );
}

/** The estimate for `operation` on `table` (`referenced`: as for operationWork). */
export function estimateDuration(operation: Operation, table: StatsTable, model: EstimateModel, referenced?: StatsTable): DurationEstimate {
  const rate = model.rates[operation];
  const rows = tableRows(table);
  const work = operationWork(operation, table, referenced);
  const seconds = estimateSeconds(rate, work);
  const rowText = work.writesIndexes
    ? `${rows} rows × ${1 + table.indexes.length} (table and ${table.indexes.length} indexes)`
    : `${rows} rows`;
  const terms = [
    ...(rate.bytesPerSecond ? [`${work.bytes} bytes at ${rate.bytesPerSecond} B/s`] : []),
    ...(rate.rowsPerSecond ? [`${rowText} at ${rate.rowsPerSecond} rows/s`] : []),
  ];
  return {
    // Under a tenth of a second fixed costs (planning, catalog updates, commit) dominate: from 0.
    lowSeconds: seconds < SHORTEST_ESTIMATE_SECONDS ? 0 : round(seconds / model.spread),
    highSeconds: round(seconds * model.spread),
    basis: `${operation}: ${STATEMENT_SECONDS} s + ${terms.join(' + ') || 'no rate'}, ÷/× ${model.spread}`,
  };
}

const SHORTEST_ESTIMATE_SECONDS = 0.1;

/** Three significant digits: the figure is a model's, not a measurement. */
function round(seconds: number): number {
  return Number(seconds.toPrecision(3));
}

/** The model with the config's overrides (`stats.estimate`) over the measured defaults. */
export function estimateModel(settings: { spread: number; rates: Partial<Record<Operation, Partial<OperationRate>>> }): EstimateModel {
  const rates = Object.fromEntries(
    OPERATIONS.map((operation) => [operation, { ...DEFAULT_RATES[operation], ...settings.rates[operation] }]),
  );
  return { rates: rates as EstimateRates, spread: settings.spread };
}
