import { promisify } from 'node:util';
import { Worker } from 'node:worker_threads';
import { gunzip } from 'node:zlib';
import { workerEntry } from '../../runtime/worker-entry.js';
import { pgliteArtifacts } from './pglite-artifacts.js';
import type { StatementTrace } from '../types.js';
import type { WorkerMessage, WorkerRequest, WorkerResults, WorkerStartData } from './worker-protocol.js';

/**
 * The main thread's handle on one PGlite worker. Every request has a wall-clock limit (and trace
 * requests one per statement, re-armed as the worker reports each statement's start); the
 * process's resident memory is watched while a request runs. Past a limit the worker is
 * terminated: the request fails with a SandboxStopped error and the sandbox is dead.
 */

export interface SandboxLimits {
  startMs: number;
  memoryLimitMb: number;
}

export class SandboxStopped extends Error {
  constructor(
    message: string,
    /** 'timeout': one statement's limit; 'budget': the whole request's (a trace: the file's). */
    readonly reason: 'timeout' | 'budget' | 'memory' | 'crash',
    /** For a trace request: the statement that was running. */
    readonly statementIndex?: number,
    /** For a trace request: the statements that finished before the stop. */
    readonly finished: StatementTrace[] = [],
  ) {
    super(message);
    this.name = 'SandboxStopped';
  }
}

const gunzipAsync = promisify(gunzip);

/**
 * A tarball, unzipped when gzipped, in a buffer of its own (it is transferred to the worker, not
 * copied: the tarball of a 300-migration base is about 25 MB). zlib's default 16 KB steps make
 * many more callbacks for output this size.
 */
async function unzipped(bytes: Uint8Array): Promise<Uint8Array> {
  if (!isGzip(bytes)) return bytes;
  const tarball = await gunzipAsync(bytes, { chunkSize: 1024 * 1024 });
  const own = tarball.byteOffset === 0 && tarball.byteLength === tarball.buffer.byteLength;
  return own ? tarball : new Uint8Array(tarball);
}

function isGzip(bytes: Uint8Array | undefined): boolean {
  return bytes !== undefined && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  statementIndex?: number;
  finished: StatementTrace[];
  armStatementTimer?: () => void;
}

type RequestBody = WorkerRequest extends infer R ? (R extends WorkerRequest ? Omit<R, 'id'> : never) : never;

export class PgliteSandbox {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private dead: SandboxStopped | undefined;

  private constructor(
    private readonly worker: Worker,
    readonly version: string,
    private readonly limits: SandboxLimits,
  ) {
    worker.on('message', (message: WorkerMessage) => this.onMessage(message));
    worker.on('error', (error) => this.stop(new SandboxStopped(`the embedded PostgreSQL crashed: ${error.message}`, 'crash')));
    worker.on('exit', () => this.stop(new SandboxStopped('the embedded PostgreSQL stopped', 'crash')));
  }

  /** Starts a worker from `dataDir` (a data-dir tarball, gzipped or not) or, without one, from initdb. */
  static async start(start: { dataDir?: Uint8Array }, limits: SandboxLimits): Promise<PgliteSandbox> {
    return (await PgliteSandbox.launch(start, limits)).ready;
  }

  /**
   * Like start(), but resolves as soon as the worker thread exists, with the sandbox's start still
   * under way in `ready`: a caller about to keep the main thread busy (the static review) waits
   * only for the worker to be spawned, and PostgreSQL starts meanwhile.
   */
  static async launch(
    start: { dataDir?: Uint8Array; inWorker?: boolean },
    limits: SandboxLimits,
  ): Promise<{ ready: Promise<PgliteSandbox> }> {
    const { entry, evaluate } = workerEntry(import.meta.url, 'pglite-worker');
    // `inWorker`: the worker unzips and compiles, so that the main thread (about to review) is free at once.
    const workerData: WorkerStartData = start.inWorker
      ? { dataDir: start.dataDir, gzipped: isGzip(start.dataDir) }
      : await (async () => {
          // Unzipped here: zlib takes about 0.1 s where PGlite's own unpacking takes 0.5 s (300-migration base).
          const [dataDir, artifacts] = await Promise.all([start.dataDir && unzipped(start.dataDir), pgliteArtifacts()]);
          return { dataDir, artifacts };
        })();
    const dataDir = workerData.dataDir;
    const transfer = dataDir ? [dataDir.buffer as ArrayBuffer] : [];
    const worker = new Worker(entry, {
      eval: evaluate,
      workerData,
      transferList: transfer,
      execArgv: [],
      resourceLimits: { maxOldGenerationSizeMb: 512, maxYoungGenerationSizeMb: 64 },
    });
    const version = new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        void worker.terminate();
        reject(new SandboxStopped(`the embedded PostgreSQL did not start within ${limits.startMs} ms`, 'timeout'));
      }, limits.startMs);
      worker.once('message', (message: WorkerMessage) => {
        clearTimeout(timer);
        if (message.type === 'ready') resolve(message.version);
        else
          reject(
            new SandboxStopped(
              `the embedded PostgreSQL did not start: ${message.type === 'start-failed' ? message.message : message.type}`,
              'crash',
            ),
          );
      });
      worker.once('error', (error) => {
        clearTimeout(timer);
        reject(new SandboxStopped(`the embedded PostgreSQL did not start: ${error.message}`, 'crash'));
      });
    });
    return { ready: version.then((started) => new PgliteSandbox(worker, started, limits)) };
  }

  get alive(): boolean {
    return !this.dead;
  }

  /** Sends one request; `timeoutMs` bounds it all, `statementTimeoutMs` each statement of a trace. */
  request<Op extends keyof WorkerResults>(
    body: Extract<RequestBody, { op: Op }>,
    limits: { timeoutMs: number; statementTimeoutMs?: number },
  ): Promise<WorkerResults[Op]> {
    if (this.dead) return Promise.reject(this.dead);
    const id = this.nextId++;
    return new Promise<WorkerResults[Op]>((resolve, reject) => {
      const timers: NodeJS.Timeout[] = [];
      const done = () => timers.forEach((timer) => clearTimeout(timer));
      const entry: Pending = {
        resolve: (value) => (done(), resolve(value as WorkerResults[Op])),
        reject: (error) => (done(), reject(error)),
        finished: [],
      };
      const kill = (reason: SandboxStopped['reason'], message: string) =>
        this.stop(new SandboxStopped(message, reason, entry.statementIndex, entry.finished));
      // A trace's overall limit is the file's budget: which statement runs when it ends is chance, so it is the file's.
      const overall = limits.statementTimeoutMs === undefined ? 'timeout' : 'budget';
      timers.push(setTimeout(() => kill(overall, `did not finish within ${limits.timeoutMs} ms`), limits.timeoutMs));
      timers.push(setInterval(() => this.checkMemory(kill), 100));
      if (limits.statementTimeoutMs !== undefined) {
        const statementMs = limits.statementTimeoutMs;
        let statementTimer: NodeJS.Timeout | undefined;
        entry.armStatementTimer = () => {
          if (statementTimer) clearTimeout(statementTimer);
          statementTimer = setTimeout(() => kill('timeout', `still running after ${statementMs} ms`), statementMs);
          timers.push(statementTimer);
        };
      }
      this.pending.set(id, entry);
      this.worker.postMessage({ ...body, id } as WorkerRequest);
    });
  }

  /** While a sandbox waits unused (a spare), it does not keep the process alive. */
  setIdle(idle: boolean): void {
    if (idle) this.worker.unref();
    else this.worker.ref();
  }

  async close(): Promise<void> {
    this.stop(new SandboxStopped('the sandbox was closed', 'crash'));
    await this.worker.terminate();
  }

  private checkMemory(kill: (reason: 'memory', message: string) => void): void {
    const rssMb = process.memoryUsage.rss() / 1024 / 1024;
    if (rssMb > this.limits.memoryLimitMb) kill('memory', `memory use passed ${this.limits.memoryLimitMb} MB`);
  }

  private onMessage(message: WorkerMessage): void {
    if (message.type === 'ready' || message.type === 'start-failed') return;
    const entry = this.pending.get(message.id);
    if (!entry) return;
    if (message.type === 'statement-done') {
      entry.finished.push(message.trace);
      return;
    }
    if (message.type === 'progress') {
      entry.statementIndex = message.statementIndex;
      entry.armStatementTimer?.();
      return;
    }
    if (message.type === 'error' && entry.statementIndex !== undefined) {
      // A trace's statements catch PostgreSQL's errors themselves: one that reaches here is PGlite's own
      // failure (an abort such as "ERRORDATA_STACK_SIZE exceeded"), after which the instance is not to be trusted.
      this.stop(new SandboxStopped(`the embedded PostgreSQL failed: ${message.message}`, 'crash', entry.statementIndex, entry.finished));
      return;
    }
    this.pending.delete(message.id);
    if (message.type === 'result') entry.resolve(message.value);
    else entry.reject(new Error(message.message));
  }

  private stop(reason: SandboxStopped): void {
    if (this.dead) return;
    this.dead = reason;
    void this.worker.terminate();
    for (const entry of this.pending.values()) {
      entry.reject(new SandboxStopped(reason.message, reason.reason, entry.statementIndex, entry.finished));
    }
    this.pending.clear();
  }
}
