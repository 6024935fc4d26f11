import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { defaultConfig } from '../src/config/load-config.js';
import { estimateDuration, estimateModel, type Operation } from '../src/stats/estimate-model.js';
import { exportStats } from '../src/stats/export-stats.js';
import { findStatsTable } from '../src/stats/stats-snapshot.js';

/**
 * The duration model (src/stats/estimate-model.ts) against reality: on the local PostgreSQL server
 * (DBARCH_BENCH_DATABASE_URL, else DATABASE_URL), in a database of its own that it drops after,
 * tables of 1e5, 1e6 and 5e6 rows get the five operations a migration can hold a lock for. Before
 * each, `dbarch stats export` takes a snapshot and the model estimates from it; then the statement
 * runs and is timed. Target (issue 14): the measured time inside the range, the range ≤ 4× wide.
 * `npm run bench -- stats-estimates [--sizes 100000,1000000]`.
 */

const DEFAULT_SIZES = [100_000, 1_000_000, 5_000_000];

interface Step {
  operation: Operation;
  sql: string;
  /** The FK's referenced table, for the validation estimate. */
  referenced?: string;
}

// In this order: each step leaves the table as the next one expects (the rewrite rebuilds two indexes).
const STEPS: Step[] = [
  { operation: 'validating-scan', sql: 'ALTER TABLE orders ALTER COLUMN status SET NOT NULL' },
  {
    operation: 'foreign-key-validation',
    sql: 'ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id)',
    referenced: 'customers',
  },
  { operation: 'index-build', sql: 'CREATE INDEX orders_customer_idx ON orders (customer_id)' },
  { operation: 'rewrite', sql: 'ALTER TABLE orders ADD COLUMN token uuid DEFAULT gen_random_uuid()' },
  { operation: 'backfill', sql: 'UPDATE orders SET amount = amount + 1' },
];

export interface EstimateRow {
  rows: number;
  operation: Operation;
  bytes: number;
  indexes: number;
  measuredSeconds: number;
  lowSeconds: number;
  highSeconds: number;
}

export async function benchStatsEstimates(options: { sizes?: number[] } = {}): Promise<EstimateRow[]> {
  const serverUrl = process.env.DBARCH_BENCH_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!serverUrl) {
    console.log(
      'stats-estimates: skipped (set DATABASE_URL or DBARCH_BENCH_DATABASE_URL to a PostgreSQL server it may create a database on)',
    );
    return [];
  }
  const name = `dbarch_h7_stats_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const results: EstimateRow[] = [];
  try {
    const url = withDatabase(serverUrl, name);
    for (const size of options.sizes ?? DEFAULT_SIZES) results.push(...(await benchSize(url, size)));
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
  printTable(results);
  return results;
}

async function benchSize(url: string, size: number): Promise<EstimateRow[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const model = estimateModel(defaultConfig().stats.estimate);
  const rows: EstimateRow[] = [];
  try {
    await buildTables(client, size);
    for (const step of STEPS) {
      const snapshot = await exportStats(url);
      const table = findStatsTable(snapshot, 'orders')!;
      const referenced = step.referenced ? findStatsTable(snapshot, step.referenced) : undefined;
      const estimate = estimateDuration(step.operation, table, model, referenced);
      const started = process.hrtime.bigint();
      await client.query(step.sql);
      const measuredSeconds = Number(process.hrtime.bigint() - started) / 1e9;
      rows.push({
        rows: size,
        operation: step.operation,
        bytes: table.heapBytes + table.toastBytes,
        indexes: table.indexes.length,
        measuredSeconds,
        lowSeconds: estimate.lowSeconds,
        highSeconds: estimate.highSeconds,
      });
      // What production's autovacuum would have done by the next migration: fresh sizes and visibility.
      await client.query('VACUUM (ANALYZE) orders');
    }
  } finally {
    await client.query('DROP TABLE IF EXISTS orders, customers');
    await client.end();
  }
  return rows;
}

/** An orders table of typical width (~70 bytes a row) with a bigint key, and a customers table a tenth its size. */
async function buildTables(client: pg.Client, size: number): Promise<void> {
  const customers = Math.max(1000, Math.round(size / 10));
  await client.query('CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL)');
  await client.query(`INSERT INTO customers SELECT g, 'customer ' || g FROM generate_series(1, ${customers}) AS g`);
  await client.query(
    'CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL, amount numeric(12, 2) NOT NULL, status text, created_at timestamptz NOT NULL)',
  );
  await client.query(
    `INSERT INTO orders SELECT g, 1 + (g::bigint * 7919) % ${customers}, (g % 10000) / 100.0, (ARRAY['new', 'paid', 'shipped'])[1 + g % 3], now() - g * interval '1 second' FROM generate_series(1, ${size}) AS g`,
  );
  await client.query('VACUUM (ANALYZE) customers');
  await client.query('VACUUM (ANALYZE) orders');
}

function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

function printTable(results: readonly EstimateRow[]): void {
  console.log('\nstats-estimates: estimated range vs measured (target: inside, range ≤ 4× wide)\n');
  console.log('| rows | operation | table MB | indexes | estimate (s) | width | measured (s) | inside |');
  console.log('| ---: | --- | ---: | ---: | --- | ---: | ---: | --- |');
  for (const row of results) {
    const inside = row.lowSeconds <= row.measuredSeconds && row.measuredSeconds <= row.highSeconds;
    console.log(
      `| ${row.rows.toExponential(0)} | ${row.operation} | ${(row.bytes / 1e6).toFixed(1)} | ${row.indexes} | ${row.lowSeconds}–${row.highSeconds} | ${row.lowSeconds > 0 ? `${(row.highSeconds / row.lowSeconds).toFixed(1)}×` : 'from 0'} | ${row.measuredSeconds.toFixed(2)} | ${inside ? 'yes' : 'NO'} |`,
    );
  }
  const inside = results.filter((row) => row.lowSeconds <= row.measuredSeconds && row.measuredSeconds <= row.highSeconds).length;
  console.log(`\n${inside} of ${results.length} measured times inside their range.`);
}
