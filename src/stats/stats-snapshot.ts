import { z } from 'zod';

/**
 * `dbarch.stats/v1`: what `dbarch stats export` reads from a production database's catalog and
 * statistics views, and what `dbarch review --stats` judges with. Sizes and counters only: no row
 * data, no query text, no role names, no connection details. Field names are a public contract
 * (schema/dbarch.stats.schema.json is exported from this schema by `npm run docs`).
 */

const count = z.number().int().min(0);
const timestamp = z.iso.datetime({ offset: true }).describe('ISO 8601 time with offset');

export const statsIndexSchema = z
  .object({
    name: z.string().min(1).describe('Index name (in the schema of its table)'),
    bytes: count.describe('pg_relation_size of the index'),
    columns: z.array(z.string()).describe('Indexed columns in order; an expression is shown as its text'),
    unique: z.boolean(),
    primary: z.boolean(),
    valid: z.boolean().describe('false for an index a failed CREATE INDEX CONCURRENTLY left behind'),
  })
  .strict();

export const statsTableSchema = z
  .object({
    schema: z.string().min(1),
    name: z.string().min(1),
    kind: z.enum(['table', 'partitioned table', 'materialized view']),
    rows: z
      .number()
      .min(-1)
      .describe('pg_class.reltuples: the estimated row count at the last VACUUM/ANALYZE; -1 when never analysed (PostgreSQL 14+)'),
    heapBytes: count.describe("pg_relation_size: the table's main fork"),
    toastBytes: count.describe('The TOAST table and its index (out-of-line values)'),
    indexBytes: count.describe('pg_indexes_size: all indexes together'),
    indexes: z.array(statsIndexSchema),
    tuplesInserted: count.describe('pg_stat_user_tables.n_tup_ins since the statistics were reset'),
    tuplesUpdated: count.describe('n_tup_upd'),
    tuplesDeleted: count.describe('n_tup_del'),
    sequentialScans: count.describe('seq_scan'),
    indexScans: count.describe('idx_scan (0 for a table without indexes)'),
    liveRows: count.describe('n_live_tup: the statistics collector’s live row estimate'),
    lastAnalyzedAt: timestamp.nullable().describe('The later of last_analyze and last_autoanalyze'),
    partitionOf: z
      .string()
      .nullable()
      .describe('For a partition: its partitioned table ("schema.name"); a partitioned table is as big as its partitions'),
  })
  .strict();

export const statsSnapshotSchema = z
  .object({
    schema: z.literal('dbarch.stats/v1'),
    snapshotAt: timestamp.describe('When the export ran (the server clock): counters are as of this time'),
    statsResetAt: timestamp
      .nullable()
      .describe('pg_stat_database.stats_reset: counters count from here; null when never reset (rates are then unknown)'),
    server: z
      .object({
        version: z.string().min(1).describe('server_version, e.g. "15.20"'),
        versionNumber: count.describe('server_version_num, e.g. 150020'),
        standby: z
          .boolean()
          .describe('pg_is_in_recovery(): exported from a standby, whose counters see no writes (write rates are then unknown)'),
        settings: z
          .record(z.string(), z.string())
          .describe('Settings that change how long DDL takes: maintenance_work_mem, max_parallel_maintenance_workers …'),
      })
      .strict(),
    tables: z.array(statsTableSchema),
  })
  .strict();

export type StatsSnapshot = z.infer<typeof statsSnapshotSchema>;
export type StatsTable = z.infer<typeof statsTableSchema>;
export type StatsIndex = z.infer<typeof statsIndexSchema>;

/** A stats file that is not a valid `dbarch.stats/v1` document: the message names the first problems. */
export class StatsError extends Error {
  override name = 'StatsError';
}

/** Validates a parsed document; `origin` (a file name) goes into the error message. */
export function parseStatsSnapshot(document: unknown, origin: string): StatsSnapshot {
  const result = statsSnapshotSchema.safeParse(document);
  if (result.success) return result.data;
  const problems = result.error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.') || '(document)'}: ${issue.message}`)
    .join('; ');
  throw new StatsError(`${origin} is not a dbarch.stats/v1 document: ${problems}`);
}

/** The table a statement names ("orders", "billing.invoices") in a snapshot; unqualified names are in public. */
export function findStatsTable(snapshot: StatsSnapshot, relation: string): StatsTable | undefined {
  const [schema, name] = relation.includes('.') ? splitQualified(relation) : ['public', relation];
  const inSchema = snapshot.tables.filter((table) => table.schema === schema);
  // DROP INDEX and REINDEX name an index: their table is the one that holds it.
  return inSchema.find((table) => table.name === name) ?? inSchema.find((table) => table.indexes.some((index) => index.name === name));
}

function splitQualified(relation: string): [string, string] {
  const dot = relation.indexOf('.');
  return [relation.slice(0, dot), relation.slice(dot + 1)];
}

/**
 * A partitioned table holds no rows itself (its heap is 0 bytes): what a lock on it costs is its
 * partitions', so its figures are theirs summed, sub-partitions included. Other tables as they are.
 */
export function withPartitions(snapshot: StatsSnapshot, table: StatsTable): StatsTable {
  if (table.kind !== 'partitioned table') return table;
  const partitions = descendants(snapshot, `${table.schema}.${table.name}`, new Set()).filter((part) => part.kind !== 'partitioned table');
  const sum = (field: (part: StatsTable) => number) => partitions.reduce((total, part) => total + field(part), 0);
  return {
    ...table,
    rows: sum((part) => (part.rows >= 0 ? part.rows : part.liveRows)),
    heapBytes: sum((part) => part.heapBytes),
    toastBytes: sum((part) => part.toastBytes),
    indexBytes: sum((part) => part.indexBytes),
    tuplesInserted: sum((part) => part.tuplesInserted),
    tuplesUpdated: sum((part) => part.tuplesUpdated),
    tuplesDeleted: sum((part) => part.tuplesDeleted),
    sequentialScans: sum((part) => part.sequentialScans),
    indexScans: sum((part) => part.indexScans),
    liveRows: sum((part) => part.liveRows),
  };
}

function descendants(snapshot: StatsSnapshot, parent: string, seen: Set<string>): StatsTable[] {
  if (seen.has(parent)) return [];
  seen.add(parent);
  const children = snapshot.tables.filter((table) => table.partitionOf === parent);
  return children.flatMap((child) => [child, ...descendants(snapshot, `${child.schema}.${child.name}`, seen)]);
}
