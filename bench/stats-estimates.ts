import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import pg from 'pg';
import { defaultConfig } from '../src/config/load-config.js';
import {
  estimateDuration,
  estimateModel,
  operationWork,
  STATEMENT_SECONDS,
  type EstimateModel,
  type Operation,
  type OperationWork,
} from '../src/stats/estimate-model.js';
import { exportStats } from '../src/stats/export-stats.js';
import { findStatsTable } from '../src/stats/stats-snapshot.js';

/**
 * The duration model (src/stats/estimate-model.ts) against reality: on the local PostgreSQL server
 * (DBARCH_BENCH_DATABASE_URL, else DATABASE_URL), in a database of its own that it drops after,
 * tables of 1e5, 1e6 and 5e6 rows get the five operations a migration can hold a lock for. Before
 * each, `dbarch stats export` takes a snapshot and the model estimates from it; then the statement
 * runs and is timed. Target (issue 14): the measured time inside the range, the range ≤ 4× wide.
 * Each row also gives the rate its measurement implies and the 1-min load average when it ran (the
 * machine's other work slows it), and a last table the rates the whole run implies: what a refit
 * of DEFAULT_RATES starts from (docs/stats.md says how they were set).
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
  /** The model's rate (rows or bytes per second, whichever it uses) that would have estimated the measured time exactly. */
  impliedRate?: number;
  /** 1-min load average just before the statement ran. */
  load: number;
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
      const load = loadavg()[0]!;
      const started = process.hrtime.bigint();
      await client.query(step.sql);
      const measuredSeconds = Number(process.hrtime.bigint() - started) / 1e9;
      const work = operationWork(step.operation, table, referenced);
      rows.push({
        rows: size,
        operation: step.operation,
        bytes: table.heapBytes + table.toastBytes,
        indexes: table.indexes.length,
        measuredSeconds,
        lowSeconds: estimate.lowSeconds,
        highSeconds: estimate.highSeconds,
        impliedRate: impliedRate(model, step.operation, work, measuredSeconds),
        load,
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

/**
 * The one rate the model uses for `operation` that turns its work into the measured seconds; none
 * when the model uses both rates (only a config override does) or the fixed cost ate it all.
 */
function impliedRate(model: EstimateModel, operation: Operation, work: OperationWork, seconds: number): number | undefined {
  const { bytesPerSecond, rowsPerSecond } = model.rates[operation];
  const tableSeconds = seconds - STATEMENT_SECONDS;
  if (tableSeconds <= 0 || Boolean(bytesPerSecond) === Boolean(rowsPerSecond)) return undefined;
  return (rowsPerSecond ? work.rowWork : work.bytes) / tableSeconds;
}

/** Below this the fixed costs, not the table, set the time: such rows say nothing about a rate. */
const RATE_EVIDENCE_SECONDS = 0.1;

function isInside(row: EstimateRow): boolean {
  return row.lowSeconds <= row.measuredSeconds && row.measuredSeconds <= row.highSeconds;
}

function printTable(results: readonly EstimateRow[]): void {
  console.log('\nstats-estimates: estimated range vs measured (target: inside, range ≤ 4× wide)\n');
  console.log('| rows | operation | table MB | indexes | load | estimate (s) | width | measured (s) | implied rate | inside |');
  console.log('| ---: | --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | --- |');
  for (const row of results) {
    console.log(
      `| ${row.rows.toExponential(0)} | ${row.operation} | ${(row.bytes / 1e6).toFixed(1)} | ${row.indexes} | ${row.load.toFixed(2)} | ${row.lowSeconds}–${row.highSeconds} | ${row.lowSeconds > 0 ? `${(row.highSeconds / row.lowSeconds).toFixed(1)}×` : 'from 0'} | ${row.measuredSeconds.toFixed(2)} | ${row.impliedRate === undefined ? '–' : row.impliedRate.toPrecision(3)} | ${isInside(row) ? 'yes' : 'NO'} |`,
    );
  }
  console.log(`\n${results.filter(isInside).length} of ${results.length} measured times inside their range.`);
  console.log(
    `\nRates this run implies (geometric mean over the rows measured at ≥ ${RATE_EVIDENCE_SECONDS} s; max ÷ min: how far they disagree):\n`,
  );
  console.log('| operation | implied rate | max ÷ min | rows used |');
  console.log('| --- | ---: | ---: | ---: |');
  for (const operation of new Set(results.map((row) => row.operation))) {
    const rates = results
      .filter((row) => row.operation === operation && row.measuredSeconds >= RATE_EVIDENCE_SECONDS && row.impliedRate !== undefined)
      .map((row) => row.impliedRate!);
    if (rates.length === 0) continue;
    const mean = Math.exp(rates.reduce((sum, rate) => sum + Math.log(rate), 0) / rates.length);
    console.log(`| ${operation} | ${mean.toPrecision(3)} | ${(Math.max(...rates) / Math.min(...rates)).toFixed(2)} | ${rates.length} |`);
  }
}
