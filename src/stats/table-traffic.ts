import type { StatsSnapshot, StatsTable } from './stats-snapshot.js';

/**
 * How busy a table is: rows written and scans started per second, averaged over the time the
 * counters have counted (from the statistics reset to the snapshot). Unknown when the statistics
 * were never reset (PostgreSQL then keeps no start time for them), the interval is under a minute, or
 * the snapshot comes from a standby.
 */
export interface TableTraffic {
  writesPerSecond: number;
  scansPerSecond: number;
  /** Seconds the counters cover. */
  intervalSeconds: number;
}

const SHORTEST_INTERVAL_SECONDS = 60;

export function tableTraffic(snapshot: StatsSnapshot, table: StatsTable): TableTraffic | undefined {
  // A standby replays writes without counting them: its counters would say 0 writes/s.
  if (!snapshot.statsResetAt || snapshot.server.standby) return undefined;
  const intervalSeconds = (Date.parse(snapshot.snapshotAt) - Date.parse(snapshot.statsResetAt)) / 1000;
  if (!(intervalSeconds >= SHORTEST_INTERVAL_SECONDS)) return undefined;
  const writes = table.tuplesInserted + table.tuplesUpdated + table.tuplesDeleted;
  return {
    writesPerSecond: writes / intervalSeconds,
    scansPerSecond: (table.sequentialScans + table.indexScans) / intervalSeconds,
    intervalSeconds,
  };
}
