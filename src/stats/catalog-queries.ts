/**
 * Every SQL text `dbarch stats export` can send: a fixed list of catalog and statistics reads. The
 * exporter runs queries by their key in this list only (see ReadOnlyCatalog), so no code path can
 * send anything else, whatever the URL's role may do. None reads a user table, pg_stat_statements
 * or pg_stat_activity: the snapshot holds sizes and counters, never row data or query text.
 */
export const CATALOG_QUERIES = {
  begin: 'BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY',
  rollback: 'ROLLBACK',
  /** Checked before anything else: the session must refuse writes. */
  readOnly: "SELECT current_setting('transaction_read_only') AS read_only",
  clock: `SELECT now() AS snapshot_at,
                 (SELECT stats_reset FROM pg_stat_database WHERE datname = current_database()) AS stats_reset,
                 current_setting('server_version') AS version,
                 current_setting('server_version_num')::int AS version_number,
                 pg_is_in_recovery() AS in_recovery`,
  settings: 'SELECT name, current_setting(name) AS value FROM pg_settings WHERE name = ANY($1::text[]) ORDER BY name',
  tables: `SELECT n.nspname AS schema, c.relname AS name, c.relkind AS kind, c.reltuples AS rows,
                  pg_relation_size(c.oid) AS heap_bytes,
                  COALESCE(pg_total_relation_size(NULLIF(c.reltoastrelid, 0)), 0) AS toast_bytes,
                  pg_indexes_size(c.oid) AS index_bytes,
                  COALESCE(s.n_tup_ins, 0) AS inserted, COALESCE(s.n_tup_upd, 0) AS updated, COALESCE(s.n_tup_del, 0) AS deleted,
                  COALESCE(s.seq_scan, 0) AS seq_scan, COALESCE(s.idx_scan, 0) AS idx_scan, COALESCE(s.n_live_tup, 0) AS live_rows,
                  GREATEST(s.last_analyze, s.last_autoanalyze) AS last_analyzed,
                  (SELECT pn.nspname || '.' || p.relname FROM pg_inherits h JOIN pg_class p ON p.oid = h.inhparent
                     JOIN pg_namespace pn ON pn.oid = p.relnamespace WHERE c.relispartition AND h.inhrelid = c.oid) AS partition_of
           FROM pg_class c
           JOIN pg_namespace n ON n.oid = c.relnamespace
           LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid
           WHERE c.relkind IN ('r', 'p', 'm') AND c.relpersistence <> 't'
             AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%'
           ORDER BY n.nspname, c.relname`,
  indexes: `SELECT n.nspname AS schema, t.relname AS table_name, i.relname AS name, pg_relation_size(i.oid) AS bytes,
                   x.indisunique AS unique, x.indisprimary AS primary, x.indisvalid AS valid,
                   ARRAY(SELECT pg_get_indexdef(x.indexrelid, k, true) FROM generate_series(1, x.indnkeyatts) AS k ORDER BY k) AS columns
            FROM pg_index x
            JOIN pg_class i ON i.oid = x.indexrelid
            JOIN pg_class t ON t.oid = x.indrelid
            JOIN pg_namespace n ON n.oid = t.relnamespace
            WHERE t.relkind IN ('r', 'p', 'm') AND t.relpersistence <> 't'
              AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%'
            ORDER BY n.nspname, t.relname, i.relname`,
} as const;

export type CatalogQuery = keyof typeof CATALOG_QUERIES;

/**
 * The settings that change how long a migration's DDL takes (recorded in the snapshot). Not the
 * timeouts: this session sets its own, so it would record those instead of the server's.
 */
export const RECORDED_SETTINGS = [
  'block_size',
  'effective_io_concurrency',
  'maintenance_work_mem',
  'max_parallel_maintenance_workers',
  'max_parallel_workers',
  'max_wal_size',
  'shared_buffers',
  'wal_level',
  'work_mem',
];
