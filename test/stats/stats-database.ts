import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * A database of its own on the test server (DATABASE_URL) with tables of very different sizes —
 * `countries` (40 rows) and `orders` (2 M rows, generate_series) — and a login role without
 * superuser that CAN write them, for the stats export and review tests. Dropped by drop().
 */
export interface StatsDatabase {
  /** As the server's admin (the test server's own role). */
  adminUrl: string;
  /** As the non-superuser role that may write every table. */
  writerUrl: string;
  database: string;
  role: string;
  drop(): Promise<void>;
}

export const ORDER_ROWS = 2_000_000;

export async function createStatsDatabase(serverUrl: string): Promise<StatsDatabase> {
  const suffix = randomBytes(4).toString('hex');
  const database = `dbarch_h7_stats_${suffix}`;
  const role = `dbarch_h7_stats_writer_${suffix}`;
  await withClient(serverUrl, async (client) => {
    await client.query(`CREATE DATABASE ${database}`);
    await client.query(`CREATE ROLE ${role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE`);
  });
  const adminUrl = withDatabase(serverUrl, database);
  await withClient(adminUrl, async (client) => {
    await client.query(`CREATE TABLE countries (code text PRIMARY KEY, name text NOT NULL)`);
    await client.query(`INSERT INTO countries SELECT 'c' || g, 'Country ' || g FROM generate_series(1, 40) AS g`);
    await client.query(`CREATE TABLE orders (id bigint PRIMARY KEY, country text NOT NULL, amount numeric(12, 2) NOT NULL, status text)`);
    await client.query(
      `INSERT INTO orders SELECT g, 'c' || (1 + g % 40), (g % 10000) / 100.0, 'paid' FROM generate_series(1, ${ORDER_ROWS}) AS g`,
    );
    await client.query('VACUUM (ANALYZE) countries');
    await client.query('VACUUM (ANALYZE) orders');
    await client.query(`GRANT ALL ON ALL TABLES IN SCHEMA public TO ${role}`);
    await client.query(`GRANT CREATE ON SCHEMA public TO ${role}`);
  });
  const writer = new URL(adminUrl);
  writer.username = role;
  writer.password = '';
  return {
    adminUrl,
    writerUrl: writer.toString(),
    database,
    role,
    drop: () =>
      withClient(serverUrl, async (client) => {
        await client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
        await client.query(`DROP ROLE IF EXISTS ${role}`);
      }),
  };
}

export async function withClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
