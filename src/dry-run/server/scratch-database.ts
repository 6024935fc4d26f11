import { randomBytes } from 'node:crypto';
import type { Client, ClientConfig } from 'pg';
import type { SqlSession } from '../sql-session.js';

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
 *
 * Names carry their creation time (dbarch_dryrun_<base-36 seconds>_<random>): a run that was
 * killed before it could clean up (SIGKILL, a lost runner) leaves a database and role that the
 * next run removes once they are older than an hour. On SIGINT / SIGTERM the scratch databases of
 * the process are dropped (their backends terminated first) before it exits (server-dry-run.ts).
 */

export const SCRATCH_PREFIX = 'dbarch_dryrun_';
const CANCEL_GRACE_MS = 2000;
/** Leftovers of earlier runs older than this are dropped at the start of a run (far beyond any run's limits). */
export const LEFTOVER_AGE_MS = 60 * 60 * 1000;
/** How long closing the session may take before the run goes on dropping (a busy backend does not read the goodbye). */
const CLOSE_MS = 1000;

/** A fresh scratch name: dbarch_dryrun_<creation time, base-36 seconds>_<random>. */
export function scratchName(now = Date.now()): string {
  return `${SCRATCH_PREFIX}${Math.floor(now / 1000).toString(36)}_${randomBytes(5).toString('hex')}`;
}

/** When a scratch name says it was created; undefined for names without a time (older dbarch, or not dbarch's). */
export function scratchCreatedAt(name: string): number | undefined {
  const match = new RegExp(`^${SCRATCH_PREFIX}([0-9a-z]{5,8})_[0-9a-f]{10}$`).exec(name);
  return match ? parseInt(match[1]!, 36) * 1000 : undefined;
}

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
  const leftovers = await dropLeftovers(admin);
  const name = scratchName();
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
    const problems = [
      ...(confinement === 'none'
        ? [`the dry run ran as the URL's user: ${role.problem ?? 'it could not switch to the scratch role'}`]
        : []),
      ...(leftovers.length > 0 ? [`removed leftovers of earlier dry runs older than an hour: ${leftovers.join(', ')}`] : []),
    ];
    const problem = problems.length > 0 ? problems.join('; ') : undefined;
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

/**
 * Drops the `dbarch_dryrun_*` databases and roles whose name says they are older than an hour
 * (a run killed before its cleanup). Returns their names; what cannot be dropped (no privilege, not
 * ours to drop) stays.
 */
async function dropLeftovers(admin: Client, now = Date.now()): Promise<string[]> {
  const old = (name: string) => {
    const created = scratchCreatedAt(name);
    return created !== undefined && now - created > LEFTOVER_AGE_MS;
  };
  const removed: string[] = [];
  try {
    const databases = (
      await admin.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [`${SCRATCH_PREFIX}%`])
    ).rows;
    for (const { datname } of databases.filter((row) => old(row.datname))) {
      if (!(await dropDatabase(admin, datname))) continue;
      removed.push(datname);
    }
    const roles = (await admin.query<{ rolname: string }>('SELECT rolname FROM pg_roles WHERE rolname LIKE $1', [`${SCRATCH_PREFIX}%`]))
      .rows;
    for (const { rolname } of roles.filter((row) => old(row.rolname))) {
      try {
        await admin.query(`DROP ROLE ${rolname}`);
        if (!removed.includes(rolname)) removed.push(rolname);
      } catch {
        // owns objects elsewhere, or not ours to drop: left alone
      }
    }
  } catch {
    // the catalogs could not be read: nothing removed
  }
  return removed;
}

async function dropDatabase(admin: Client, name: string): Promise<boolean> {
  try {
    await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    return true;
  } catch {
    return false;
  }
}

async function dropScratch(admin: Client, client: Client | undefined, name: string, dropRole: boolean): Promise<string | undefined> {
  let problem: string | undefined;
  // A backend busy in a statement (a DO loop) never reads the client's goodbye: end it from the admin session first.
  await admin
    .query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name])
    .catch(() => undefined);
  await Promise.race([client?.end().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, CLOSE_MS).unref())]);
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
