import { randomBytes } from 'node:crypto';
import type { Client, ClientConfig } from 'pg';
import type { SqlSession } from './sql-session.js';

/**
 * A scratch database on a real PostgreSQL server (DBARCH_DRY_RUN_DATABASE_URL): created under a fresh unique name
 * (dbarch_dryrun_<random>), used through one session, dropped at the end. dbarch only ever drops
 * the database it created in this run; the database named in the URL is used only to run CREATE
 * DATABASE / DROP DATABASE and to cancel a runaway statement.
 *
 * The session does not run as the URL's user (often a superuser, who could reach the host's files
 * and programs): a fresh role (dbarch_dryrun_<random>, no superuser, no CREATEDB/CREATEROLE) owns
 * the scratch database, and the session logs in as that role with a random password; where the
 * server does not let it log in, the session switches to it with SET SESSION AUTHORIZATION (or SET
 * ROLE) and the guard (server-guard.ts) refuses anything that could switch back. The role is
 * dropped with the database.
 *
 * Every call through the session has a wall-clock limit kept here, not by the server's
 * statement_timeout alone (a migration may well `SET statement_timeout = 0`): past it the
 * statement is cancelled, and the backend terminated if the cancel does not take.
 */

export const SCRATCH_PREFIX = 'dbarch_dryrun_';
const CANCEL_GRACE_MS = 2000;

export class StatementLimitExceeded extends Error {
  readonly code = 'timeout';
  constructor(message: string) {
    super(message);
    this.name = 'StatementLimitExceeded';
  }
}

export interface ScratchSession extends SqlSession {
  /** Limit for the calls that follow, and what to say when one passes it. */
  setLimit(limitMs: number, describe: (limitMs: number) => string): void;
  /** False once the server connection broke (e.g. the backend was terminated). */
  readonly usable: boolean;
}

export interface ScratchDatabase {
  name: string;
  /** server_version, e.g. "15.20 (Debian 15.20-0+deb12u1)". */
  version: string;
  session: ScratchSession;
  /**
   * How the session was confined: 'login' (connected as the scratch role: nothing can lead back),
   * 'switched' (SET SESSION AUTHORIZATION / SET ROLE to it: the URL's user is still the
   * authenticated one), or 'none' (the role could not be set up; `problem` says why).
   */
  confinement: 'login' | 'switched' | 'none';
  /** Why the session could not be confined to the scratch role. */
  problem?: string;
  /** Closes the session and drops the scratch database (also after a failure). Never throws. */
  drop(): Promise<string | undefined>;
}

export interface ScratchOptions {
  connectMs: number;
  /**
   * How the session becomes the scratch role: by logging in as it, switching when the server
   * refuses that login (default), or by switching at once ('switch': for a server whose pg_hba
   * admits only known users, where each refused login would be noise in its log).
   */
  confinement?: 'login' | 'switch';
}

export async function createScratchDatabase(databaseUrl: string, options: ScratchOptions): Promise<ScratchDatabase> {
  const { default: pg } = await import('pg');
  const config = (url: string): ClientConfig => ({
    connectionString: url,
    connectionTimeoutMillis: options.connectMs,
    application_name: 'dbarch dry run',
  });
  const admin = new pg.Client(config(databaseUrl));
  admin.on('error', () => undefined);
  await admin.connect();
  const name = `${SCRATCH_PREFIX}${randomBytes(6).toString('hex')}`;
  let created = false;
  let client: Client | undefined;
  let role: ScratchRole | undefined;
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE template0`);
    created = true;
    role = await createScratchRole(admin, name);
    const scratchUrl = withDatabase(databaseUrl, name);
    let confinement: ScratchDatabase['confinement'] = 'none';
    if (role.created && options.confinement !== 'switch') {
      client = await connectAs(config(withCredentials(scratchUrl, name, role.password)));
      if (client) confinement = 'login';
    }
    client ??= await connectAs(config(scratchUrl), true);
    if (!client) throw new Error('could not connect to the scratch database');
    if (role.created && confinement === 'none' && (await switchTo(client, name))) confinement = 'switched';
    const version = (await client.query<{ server_version: string }>('SHOW server_version')).rows[0]?.server_version ?? 'unknown';
    const session = limitedSession(client, admin);
    const connected = client;
    const problem =
      confinement === 'none'
        ? `the dry run ran as the URL's user: ${role.problem ?? 'it could not switch to the scratch role'}`
        : undefined;
    return {
      name,
      version,
      session,
      confinement,
      ...(problem ? { problem } : {}),
      drop: () => dropScratch(admin, connected, name, role?.created === true),
    };
  } catch (error) {
    if (created) await dropScratch(admin, client, name, role?.created === true);
    else await admin.end().catch(() => undefined);
    throw error;
  }

  async function connectAs(clientConfig: ClientConfig, throwing = false): Promise<Client | undefined> {
    const candidate = new pg.Client(clientConfig);
    candidate.on('error', () => undefined);
    try {
      await candidate.connect();
      return candidate;
    } catch (error) {
      await candidate.end().catch(() => undefined);
      if (throwing) throw error;
      return undefined;
    }
  }
}

interface ScratchRole {
  created: boolean;
  password: string;
  problem?: string;
}

/** A role with no special attributes that owns the scratch database (and the public schema with it, PostgreSQL 15+). */
async function createScratchRole(admin: Client, name: string): Promise<ScratchRole> {
  const password = randomBytes(24).toString('hex');
  try {
    await admin.query(`CREATE ROLE ${name} LOGIN PASSWORD '${password}' NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS`);
  } catch (error) {
    return { created: false, password, problem: `the scratch role could not be created (${(error as Error).message})` };
  }
  try {
    // A non-superuser may give a database away only to a role it belongs to.
    const superuser =
      (await admin.query<{ rolsuper: boolean }>('SELECT rolsuper FROM pg_roles WHERE rolname = current_user')).rows[0]?.rolsuper === true;
    if (!superuser) await admin.query(`GRANT ${name} TO CURRENT_USER`);
    await admin.query(`ALTER DATABASE ${name} OWNER TO ${name}`);
    return { created: true, password };
  } catch (error) {
    await admin.query(`DROP ROLE IF EXISTS ${name}`).catch(() => undefined);
    return { created: false, password, problem: `the scratch role could not own the scratch database (${(error as Error).message})` };
  }
}

/** Connected as the URL's user: become the scratch role for the rest of the session. */
async function switchTo(client: Client, role: string): Promise<boolean> {
  for (const sql of [`SET SESSION AUTHORIZATION ${role}`, `SET ROLE ${role}`]) {
    try {
      await client.query(sql);
      return true;
    } catch {
      // not allowed: try the next way
    }
  }
  return false;
}

/** The URL with another user and password. */
function withCredentials(databaseUrl: string, user: string, password: string): string {
  const url = new URL(databaseUrl);
  url.username = user;
  url.password = password;
  return url.toString();
}

/** The URL with its database replaced (the `database` client option would lose to the URL's). */
export function withDatabase(databaseUrl: string, database: string): string {
  const url = new URL(databaseUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

function limitedSession(client: Client, admin: Client): ScratchSession {
  let limitMs = 30_000;
  let describe = (ms: number) => `did not finish within ${ms} ms`;
  let usable = true;
  const pid = (client as unknown as { processID?: number }).processID;
  const guarded = async <T>(run: () => Promise<T>): Promise<T> => {
    let fired = false;
    const limit = limitMs;
    const cancel = setTimeout(() => {
      fired = true;
      void admin.query('SELECT pg_cancel_backend($1)', [pid]).catch(() => undefined);
    }, limit);
    const terminate = setTimeout(() => {
      usable = false;
      void admin.query('SELECT pg_terminate_backend($1)', [pid]).catch(() => undefined);
    }, limit + CANCEL_GRACE_MS);
    try {
      return await run();
    } catch (error) {
      if (fired) throw new StatementLimitExceeded(describe(limit));
      throw error;
    } finally {
      clearTimeout(cancel);
      clearTimeout(terminate);
    }
  };
  return {
    get usable() {
      return usable;
    },
    setLimit(ms, text) {
      limitMs = Math.max(1, Math.round(ms));
      describe = text;
    },
    query: <Row>(sql: string, params?: unknown[]) => guarded(async () => (await client.query(sql, params)).rows as Row[]),
    exec: (sql: string) => guarded(async () => void (await client.query(sql))),
  };
}

async function dropScratch(admin: Client, client: Client | undefined, name: string, dropRole: boolean): Promise<string | undefined> {
  let problem: string | undefined;
  await client?.end().catch(() => undefined);
  try {
    const major = Number((await admin.query<{ v: string }>(`SELECT current_setting('server_version_num') AS v`)).rows[0]?.v ?? 0) / 10000;
    if (major >= 13) {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    } else {
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
      await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    }
  } catch (error) {
    problem = `the scratch database ${name} could not be dropped: ${(error as Error).message}`;
  }
  if (dropRole && !problem) {
    try {
      await admin.query(`DROP ROLE IF EXISTS ${name}`);
    } catch (error) {
      problem = `the scratch role ${name} could not be dropped: ${(error as Error).message}`;
    }
  }
  await admin.end().catch(() => undefined);
  return problem;
}
