import { describe, expect, it } from '@jest/globals';
import {
  DEFAULT_RATES,
  DEFAULT_SPREAD,
  estimateDuration,
  estimateModel,
  estimateSeconds,
  operationWork,
  STATEMENT_SECONDS,
} from '../../src/stats/estimate-model.js';
import type { StatsTable } from '../../src/stats/stats-snapshot.js';

/**
 * The duration model on its own: what work each operation counts, and that the central figure
 * (which bench/stats-estimates.ts inverts into the rate a measurement implies) is the one the range
 * is spread around.
 */

function table(rows: number, heapBytes: number, indexCount: number): StatsTable {
  const indexes = Array.from({ length: indexCount }, (_, i) => ({
    name: `orders_${i}_idx`,
    bytes: 0,
    columns: ['id'],
    unique: false,
    primary: false,
    valid: true,
  }));
  return {
    schema: 'public',
    name: 'orders',
    kind: 'table',
    rows,
    heapBytes,
    toastBytes: 1000,
    indexBytes: 0,
    indexes,
    tuplesInserted: 0,
    tuplesUpdated: 0,
    tuplesDeleted: 0,
    sequentialScans: 0,
    indexScans: 0,
    liveRows: 7,
    lastAnalyzedAt: null,
    partitionOf: null,
  };
}

const defaults = estimateModel({ spread: DEFAULT_SPREAD, rates: {} });

describe('operationWork', () => {
  it('counts every index entry again for rewrites and backfills, the rows alone otherwise', () => {
    const orders = table(1_000_000, 70_000_000, 2);
    expect(operationWork('rewrite', orders)).toEqual({ bytes: 70_001_000, rowWork: 3_000_000, writesIndexes: true });
    expect(operationWork('backfill', orders).rowWork).toBe(3_000_000);
    expect(operationWork('index-build', orders)).toEqual({ bytes: 70_001_000, rowWork: 1_000_000, writesIndexes: false });
  });

  it("adds the referenced table's bytes only for a foreign key validation", () => {
    const orders = table(1_000_000, 70_000_000, 1);
    const customers = table(100_000, 5_000_000, 1);
    expect(operationWork('foreign-key-validation', orders, customers).bytes).toBe(75_002_000);
    expect(operationWork('validating-scan', orders, customers).bytes).toBe(70_001_000);
  });

  it('uses the live row count for a table never analysed', () => {
    expect(operationWork('index-build', table(-1, 0, 0)).rowWork).toBe(7);
  });
});

describe('estimateDuration', () => {
  it('spreads the same central figure estimateSeconds gives ÷/× spread (the bench inverts that one)', () => {
    const orders = table(5_000_000, 340_000_000, 2);
    for (const operation of ['index-build', 'rewrite', 'validating-scan', 'backfill'] as const) {
      const seconds = estimateSeconds(DEFAULT_RATES[operation], operationWork(operation, orders));
      const estimate = estimateDuration(operation, orders, defaults);
      // Three significant digits: the figure is a model's.
      expect(estimate.lowSeconds).toBe(Number((seconds / DEFAULT_SPREAD).toPrecision(3)));
      expect(estimate.highSeconds).toBe(Number((seconds * DEFAULT_SPREAD).toPrecision(3)));
    }
  });

  it('is exact for the rate a measurement implies: work ÷ (measured − the fixed cost)', () => {
    const work = operationWork('rewrite', table(1_000_000, 70_000_000, 1));
    const measured = 1.77;
    const implied = work.rowWork / (measured - STATEMENT_SECONDS);
    expect(estimateSeconds({ rowsPerSecond: implied }, work)).toBeCloseTo(measured, 10);
  });

  it('starts the range at 0 under a tenth of a second, where fixed costs dominate', () => {
    const small = estimateDuration('index-build', table(10_000, 700_000, 1), defaults);
    expect(small.lowSeconds).toBe(0);
    expect(small.highSeconds).toBeGreaterThan(0);
    expect(small.highSeconds).toBeLessThan(0.2);
  });

  it('adds a bytes term and a rows term when the config sets both', () => {
    const model = estimateModel({ spread: 2, rates: { rewrite: { bytesPerSecond: 1e8 } } });
    const orders = table(1_000_000, 99_999_000, 0);
    // 0.01 s + 1e8 bytes at 1e8 B/s + 1e6 rows at the default rows/s.
    const seconds = 0.01 + 1 + 1_000_000 / DEFAULT_RATES.rewrite.rowsPerSecond!;
    expect(estimateDuration('rewrite', orders, model)).toMatchObject({
      lowSeconds: Number((seconds / 2).toPrecision(3)),
      highSeconds: Number((seconds * 2).toPrecision(3)),
    });
  });
});
