import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { CATALOG_QUERIES } from '../../src/stats/catalog-queries.js';
import { exportStats } from '../../src/stats/export-stats.js';
import { findStatsTable, type StatsSnapshot } from '../../src/stats/stats-snapshot.js';
import { createStatsDatabase, ORDER_ROWS, withClient, type StatsDatabase } from './stats-database.js';

/**
 * `dbarch stats export` against the real PostgreSQL server (DATABASE_URL), as a role without
 * superuser that can write every table: the snapshot has the sizes and matches the JSON Schema,
 * and the export writes nothing, even if a write were slipped into its query list.
 */
const serverUrl = process.env.DATABASE_URL?.trim();

if (!serverUrl) {
  describe('stats export (real PostgreSQL)', () => {
    it.skip('needs DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test) — skipped: it is not set', () => undefined);
  });
} else {
  describe('stats export (real PostgreSQL, DATABASE_URL)', () => {
    let database: StatsDatabase;
    let snapshot: StatsSnapshot;

    beforeAll(async () => {
      database = await createStatsDatabase(serverUrl);
      snapshot = await exportStats(database.writerUrl);
    }, 180_000);
    afterAll(async () => database?.drop(), 60_000);

    it('works for a role without superuser and records sizes, indexes, counters and settings', async () => {
      const superuser = await withClient(
        database.writerUrl,
        async (client) => (await client.query('SELECT rolsuper FROM pg_roles WHERE rolname = current_user')).rows[0].rolsuper,
      );
      expect(superuser).toBe(false);
      const orders = findStatsTable(snapshot, 'orders')!;
      expect(orders.rows).toBeGreaterThan(ORDER_ROWS * 0.9);
      expect(orders.rows).toBeLessThan(ORDER_ROWS * 1.1);
      expect(orders.heapBytes).toBeGreaterThan(50 * 1024 * 1024);
      expect(orders.indexes).toEqual([
        expect.objectContaining({ name: 'orders_pkey', columns: ['id'], primary: true, unique: true, valid: true }),
      ]);
      expect(orders.tuplesInserted).toBeGreaterThanOrEqual(ORDER_ROWS);
      expect(findStatsTable(snapshot, 'public.countries')).toMatchObject({ schema: 'public', name: 'countries', rows: 40 });
      expect(snapshot.server.versionNumber).toBeGreaterThanOrEqual(120000);
      expect(snapshot.server.standby).toBe(false);
      expect(snapshot.server.settings).toHaveProperty('maintenance_work_mem');
      expect(snapshot.server.settings).toHaveProperty('max_parallel_maintenance_workers');
      expect(Date.parse(snapshot.snapshotAt)).toBeLessThanOrEqual(Date.now() + 60_000);
    });

    it('validates against schema/dbarch.stats.schema.json and holds no row data or credentials', () => {
      const schema = JSON.parse(readFileSync('schema/dbarch.stats.schema.json', 'utf8'));
      const ajv = new Ajv({ allErrors: true, strict: false });
      addFormats.default(ajv);
      const validate = ajv.compile(schema);
      expect(validate(snapshot) ? [] : validate.errors).toEqual([]);
      const text = JSON.stringify(snapshot);
      expect(text).not.toContain('Country 1'); // a value in a row
      expect(text).not.toContain(database.role);
      expect(text).not.toContain('127.0.0.1');
    });

    it('writes nothing with a role that can write', async () => {
      const fingerprint = () =>
        withClient(database.adminUrl, async (client) => {
          const { rows } = await client.query(
            "SELECT (SELECT count(*) FROM countries) AS countries, (SELECT count(*) FROM orders) AS orders, (SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace) AS relations, (SELECT string_agg(relname || ':' || relfilenode, ',' ORDER BY relname) FROM pg_class WHERE relnamespace = 'public'::regnamespace) AS files",
          );
          return rows[0];
        });
      // The role can write: it inserts and deletes a row of its own outside the export.
      await withClient(database.writerUrl, (client) =>
        client.query("INSERT INTO countries VALUES ('zz', 'probe'); DELETE FROM countries WHERE code = 'zz'"),
      );
      const before = await fingerprint();
      await exportStats(database.writerUrl);
      expect(await fingerprint()).toEqual(before);
    });

    it('refuses a write even if one were slipped into its query list: the session is read-only', async () => {
      const queries = CATALOG_QUERIES as Record<string, string>;
      const original = queries.tables!;
      queries.tables = "INSERT INTO countries VALUES ('xx', 'slipped in') RETURNING *";
      try {
        await expect(exportStats(database.writerUrl)).rejects.toThrow(/cannot execute INSERT in a read-only transaction/);
      } finally {
        queries.tables = original;
      }
      const count = await withClient(
        database.adminUrl,
        async (client) => (await client.query("SELECT count(*)::int AS n FROM countries WHERE code = 'xx'")).rows[0].n,
      );
      expect(count).toBe(0);
    });

    it('records which partitioned table a partition belongs to', async () => {
      await withClient(database.adminUrl, (client) =>
        client.query(
          "CREATE TABLE events (at date NOT NULL) PARTITION BY RANGE (at); CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')",
        ),
      );
      try {
        const withEvents = await exportStats(database.writerUrl);
        expect(findStatsTable(withEvents, 'events')).toMatchObject({ kind: 'partitioned table', partitionOf: null });
        expect(findStatsTable(withEvents, 'events_2026')).toMatchObject({ kind: 'table', partitionOf: 'public.events' });
      } finally {
        await withClient(database.adminUrl, (client) => client.query('DROP TABLE events'));
      }
    });

    it('refuses a URL whose options would replace the read-only session settings', async () => {
      const url = `${database.writerUrl}?options=${encodeURIComponent('-c default_transaction_read_only=off')}`;
      await expect(exportStats(url)).rejects.toThrow(/sets "options"/);
    });

    it('names the host, never the password, when it cannot connect', async () => {
      const url = 'postgres://someone:s3cret@127.0.0.1:1/nowhere';
      const error = await exportStats(url, { connectTimeoutMs: 2000 }).catch((caught: Error) => caught);
      expect(String(error)).toMatch(/cannot connect to 127\.0\.0\.1:1\/nowhere/);
      expect(String(error)).not.toContain('s3cret');
    });
  });
}
