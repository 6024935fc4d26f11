import pg from 'pg';
import { CATALOG_QUERIES, RECORDED_SETTINGS, type CatalogQuery } from './catalog-queries.js';
import { StatsError, type StatsIndex, type StatsSnapshot, type StatsTable } from './stats-snapshot.js';

/**
 * `dbarch stats export`: one read-only session on the production database (a replica has the
 * sizes; only the primary counts writes), the catalog reads of catalog-queries.ts in one REPEATABLE READ READ ONLY transaction, and
 * the `dbarch.stats/v1` snapshot built from them. Three locks keep it read-only: the session starts
 * with default_transaction_read_only=on and a short statement_timeout, the transaction is READ ONLY
 * (checked before the first read), and only the fixed query list can be sent. Needs no superuser:
 * the size functions and pg_stat_user_tables are readable by any role.
 */

export interface ExportOptions {
  /** Per-statement limit in the session, in milliseconds (default 10 s). */
  statementTimeoutMs?: number;
  /** Connection attempt limit, in milliseconds (default 10 s). */
  connectTimeoutMs?: number;
}

export async function exportStats(databaseUrl: string, options: ExportOptions = {}): Promise<StatsSnapshot> {
  refuseSessionOptions(databaseUrl);
  const client = new pg.Client({
    connectionString: databaseUrl,
    application_name: 'dbarch stats export',
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
    options: `-c default_transaction_read_only=on -c statement_timeout=${options.statementTimeoutMs ?? 10_000} -c lock_timeout=1000`,
  });
  try {
    await client.connect();
  } catch (error) {
    throw new StatsError(`cannot connect to ${describeUrl(databaseUrl)} for the stats export: ${messageOf(error)}`);
  }
  const catalog = new ReadOnlyCatalog(client);
  try {
    await catalog.run('begin');
    const [{ read_only: readOnly }] = await catalog.run('readOnly');
    if (readOnly !== 'on') throw new StatsError('the stats export session is not read-only; nothing was read');
    return await readSnapshot(catalog);
  } catch (error) {
    if (error instanceof StatsError) throw error;
    throw new StatsError(`the stats export on ${describeUrl(databaseUrl)} failed: ${messageOf(error)}`);
  } finally {
    await catalog.run('rollback').catch(() => undefined);
    await client.end().catch(() => undefined);
  }
}

/**
 * A URL's `options` parameter would replace the session settings above (node-postgres lets the
 * connection string win), and with them the read-only default and the timeout: refused.
 */
function refuseSessionOptions(databaseUrl: string): void {
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch {
    throw new StatsError('the stats database URL is not a valid URL (expected postgres://user@host:port/database)');
  }
  if (url.searchParams.has('options')) {
    throw new StatsError(
      `the stats database URL for ${describeUrl(databaseUrl)} sets "options": dbarch sets the session's own (read-only, short timeouts); remove it`,
    );
  }
}

type Row = Record<string, unknown>;

/** Sends only the queries of CATALOG_QUERIES, by key: the one way this module talks to the server. */
class ReadOnlyCatalog {
  constructor(private readonly client: pg.Client) {}

  async run(query: CatalogQuery, parameters: unknown[] = []): Promise<[Row, ...Row[]]> {
    const result = await this.client.query<Row>(CATALOG_QUERIES[query], parameters);
    return result.rows as [Row, ...Row[]];
  }
}

async function readSnapshot(catalog: ReadOnlyCatalog): Promise<StatsSnapshot> {
  const [clock] = await catalog.run('clock');
  const settings = await catalog.run('settings', [RECORDED_SETTINGS]);
  const indexes = groupIndexes(await catalog.run('indexes'));
  const tables = (await catalog.run('tables')).map((row) => tableOf(row, indexes.get(`${row.schema}.${row.name}`) ?? []));
  return {
    schema: 'dbarch.stats/v1',
    snapshotAt: isoTime(clock.snapshot_at)!,
    statsResetAt: isoTime(clock.stats_reset),
    server: {
      version: String(clock.version),
      versionNumber: Number(clock.version_number),
      standby: clock.in_recovery === true,
      settings: Object.fromEntries(settings.map((row) => [String(row.name), String(row.value)])),
    },
    tables,
  };
}

const KINDS: Record<string, StatsTable['kind']> = { r: 'table', p: 'partitioned table', m: 'materialized view' };

function tableOf(row: Row, indexes: StatsIndex[]): StatsTable {
  return {
    schema: String(row.schema),
    name: String(row.name),
    kind: KINDS[String(row.kind)] ?? 'table',
    rows: Math.max(-1, Math.round(Number(row.rows))),
    heapBytes: Number(row.heap_bytes),
    toastBytes: Number(row.toast_bytes),
    indexBytes: Number(row.index_bytes),
    indexes,
    tuplesInserted: Number(row.inserted),
    tuplesUpdated: Number(row.updated),
    tuplesDeleted: Number(row.deleted),
    sequentialScans: Number(row.seq_scan),
    indexScans: Number(row.idx_scan),
    liveRows: Number(row.live_rows),
    lastAnalyzedAt: isoTime(row.last_analyzed),
    partitionOf: row.partition_of === null || row.partition_of === undefined ? null : String(row.partition_of),
  };
}

function groupIndexes(rows: readonly Row[]): Map<string, StatsIndex[]> {
  const byTable = new Map<string, StatsIndex[]>();
  for (const row of rows) {
    const key = `${row.schema}.${row.table_name}`;
    const list = byTable.get(key) ?? [];
    list.push({
      name: String(row.name),
      bytes: Number(row.bytes),
      columns: (row.columns as unknown[]).map(String),
      unique: row.unique === true,
      primary: row.primary === true,
      valid: row.valid === true,
    });
    byTable.set(key, list);
  }
  return byTable;
}

function isoTime(value: unknown): string | null {
  return value instanceof Date ? value.toISOString() : value === null || value === undefined ? null : new Date(String(value)).toISOString();
}

/** host:port/database of a URL, never its user or password (error messages end up in CI logs). */
export function describeUrl(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    return `${url.hostname}${url.port ? `:${url.port}` : ''}${url.pathname}`;
  } catch {
    return 'the stats database URL (unparsable)';
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
