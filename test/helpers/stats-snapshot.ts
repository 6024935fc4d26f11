import type { StatsSnapshot, StatsTable } from '../../src/stats/stats-snapshot.js';

/** A dbarch.stats/v1 snapshot of one table, public.orders, with the figures a test sets. */
export function ordersSnapshot(table: Partial<StatsTable> = {}): StatsSnapshot {
  return {
    schema: 'dbarch.stats/v1',
    snapshotAt: '2026-11-30T12:00:00.000Z',
    statsResetAt: '2026-11-30T02:00:00.000Z',
    server: { version: '16.4', versionNumber: 160004, standby: false, settings: {} },
    tables: [
      {
        schema: 'public',
        name: 'orders',
        kind: 'table',
        rows: 1_000_000,
        heapBytes: 100_000_000,
        toastBytes: 0,
        indexBytes: 20_000_000,
        indexes: [{ name: 'orders_pkey', bytes: 20_000_000, columns: ['id'], unique: true, primary: true, valid: true }],
        tuplesInserted: 3_600_000,
        tuplesUpdated: 0,
        tuplesDeleted: 0,
        sequentialScans: 0,
        indexScans: 36_000,
        liveRows: 1_000_000,
        lastAnalyzedAt: null,
        partitionOf: null,
        ...table,
      },
    ],
  };
}
