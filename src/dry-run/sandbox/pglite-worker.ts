import { parentPort, workerData } from 'node:worker_threads';
import { gunzipSync } from 'node:zlib';
import { PGlite } from '@electric-sql/pglite';
import { btree_gin } from '@electric-sql/pglite/contrib/btree_gin';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { citext } from '@electric-sql/pglite/contrib/citext';
import { hstore } from '@electric-sql/pglite/contrib/hstore';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { pgcrypto } from '@electric-sql/pglite/contrib/pgcrypto';
import { uuid_ossp } from '@electric-sql/pglite/contrib/uuid_ossp';
import { dumpDataDir } from './dump-data-dir.js';
import { replayBaseFile } from '../replay/replay-base.js';
import { seedTables } from '../replay/seed-rows.js';
import type { SqlSession } from '../sql-session.js';
import { traceFile, type TraceState } from '../trace/trace-statements.js';
import type { WorkerMessage, WorkerRequest, WorkerStartData } from './worker-protocol.js';

/**
 * Worker thread entry: one PGlite instance (PostgreSQL in WebAssembly, in-memory file system, no
 * network) serving replay / seed / trace / dump requests one at a time. The main thread enforces
 * the time and memory limits by terminating this thread.
 */

/**
 * PostgreSQL's own output must not reach the CLI's stdout (its JSON goes there): this thread's
 * stdout and stderr write nowhere. (Taking them in the parent with the Worker's `stdout: true`
 * would keep an idle spare sandbox's process from exiting: those streams stay referenced.)
 */
for (const stream of [process.stdout, process.stderr]) stream.write = () => true;

const port = parentPort!;
const start = workerData as WorkerStartData;
const send = (message: WorkerMessage, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

/**
 * PostgreSQL settings that bound what one statement can take (memory, temp files in the in-memory
 * FS), and small shared buffers: a dry run's tables are tiny, and PGlite's default 128 MB of
 * buffers is most of its resident memory (about 510 → 370 MB after loading a base).
 */
const LIMIT_SETTINGS = [
  ...['-c', 'work_mem=16MB', '-c', 'maintenance_work_mem=64MB', '-c', 'temp_file_limit=262144'],
  ...['-c', 'shared_buffers=16MB', '-c', 'wal_buffers=1MB'],
];

/**
 * A blank cluster without its template databases: the dry run never runs database-level
 * statements (CREATE DATABASE is skipped with a note), and they are two thirds of the catalog files
 * every sandbox loads (a 300-migration base: 44 → 25 MB, about 0.25 s less to start).
 */
const DROP_TEMPLATES = [
  'ALTER DATABASE template0 IS_TEMPLATE false',
  'DROP DATABASE template0',
  'ALTER DATABASE template1 IS_TEMPLATE false',
  'DROP DATABASE template1',
  'CHECKPOINT',
];

/** Contrib extensions migrations commonly create; each bundle is loaded only on CREATE EXTENSION. */
const EXTENSIONS = { btree_gin, btree_gist, citext, hstore, pg_trgm, pgcrypto, uuid_ossp };

async function open(): Promise<PGlite> {
  const artifacts = start.artifacts
    ? { ...start.artifacts, fsBundle: new Blob([start.artifacts.fsBundle as Uint8Array<ArrayBuffer>]) }
    : {};
  const options = { startParams: [...PGlite.defaultStartParams, ...LIMIT_SETTINGS], extensions: EXTENSIONS, ...artifacts };
  if (!start.dataDir) return PGlite.create(options);
  const tarball = start.gzipped ? new Uint8Array(gunzipSync(start.dataDir, { chunkSize: 1024 * 1024 })) : start.dataDir;
  return PGlite.create({ ...options, loadDataDir: new TarballBlob(tarball) });
}

/**
 * A data-dir tarball handed to PGlite as the Blob it asks for, whose bytes it reads at once. PGlite
 * reads the tarball with arrayBuffer(), which Node 20's Blob serves by streaming it in small pieces
 * and joining them (measured in-process: PGlite.create from a 300-migration base's 44 MB tarball
 * took 0.36 s instead of 0.48–0.50 s).
 */
class TarballBlob extends Blob {
  readonly #tarball: Uint8Array;

  constructor(tarball: Uint8Array) {
    super([], { type: 'application/x-tar' });
    this.#tarball = tarball;
  }

  override arrayBuffer(): Promise<ArrayBuffer> {
    const { buffer, byteOffset, byteLength } = this.#tarball;
    const whole = byteOffset === 0 && byteLength === buffer.byteLength;
    return Promise.resolve((whole ? buffer : buffer.slice(byteOffset, byteOffset + byteLength)) as ArrayBuffer);
  }
}

function sessionOf(db: PGlite): SqlSession {
  return {
    query: async <Row>(sql: string, params?: unknown[]) => (await db.query<Row>(sql, params)).rows,
    exec: async (sql: string) => {
      await db.exec(sql);
    },
  };
}

async function serve(): Promise<void> {
  let db: PGlite;
  try {
    db = await open();
  } catch (error) {
    send({ type: 'start-failed', message: (error as Error).message });
    return;
  }
  const session = sessionOf(db);
  const version = (await session.query<{ server_version: string }>('SHOW server_version'))[0]?.server_version ?? 'unknown';
  const state: TraceState = { seeded: [] };
  let queue = Promise.resolve();
  port.on('message', (request: WorkerRequest) => {
    queue = queue.then(() => handle(db, session, state, request));
  });
  send({ type: 'ready', version });
}

async function handle(db: PGlite, session: SqlSession, state: TraceState, request: WorkerRequest): Promise<void> {
  try {
    switch (request.op) {
      case 'replay':
        return send({ type: 'result', id: request.id, value: await replayBaseFile(session, request.file) });
      case 'seed': {
        state.seeded = await seedTables(session, request.tables, request.rows);
        return send({ type: 'result', id: request.id, value: state.seeded.map((seeded) => seeded.table) });
      }
      case 'trace': {
        state.onStatementStart = (statementIndex) => send({ type: 'progress', id: request.id, statementIndex });
        state.onStatementDone = (trace) => send({ type: 'statement-done', id: request.id, trace });
        state.standInScope = request.standInScope;
        state.notBase = request.notBase;
        return send({ type: 'result', id: request.id, value: await traceFile(session, request.file, state) });
      }
      case 'drop-templates': {
        for (const sql of DROP_TEMPLATES) await db.query(sql);
        return send({ type: 'result', id: request.id, value: undefined });
      }
      case 'dump': {
        // Compressed: a cluster's tarball is ~25 MB, mostly empty WAL; gzip brings it to a few MB.
        const bytes = await dumpDataDir(db);
        return send({ type: 'result', id: request.id, value: bytes }, [bytes.buffer as ArrayBuffer]);
      }
    }
  } catch (error) {
    send({ type: 'error', id: request.id, message: (error as Error).message });
  }
}

void serve();
