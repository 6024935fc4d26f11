import { loadSqlParser } from '../parse/sql/parse-sql.js';
import { BaseCache, baseCacheKey, type CachedBase } from './replay/base-cache.js';
import { BLANK_KEY, blankDataDir, startBlank } from './sandbox/blank-cluster.js';
import { baseStatements } from './replay/base-statements.js';
import { PGLITE_VERSION } from './sandbox/pglite-artifacts.js';
import { PgliteSandbox, SandboxStopped, type SandboxLimits } from './sandbox/sandbox.js';
import { SpareSandbox } from './sandbox/spare-sandbox.js';
import { notRun, sandboxBackend, traceChanges, type TraceBackend } from './trace/trace-changes.js';
import type { BaseFile } from '../review-types/index.js';
import type { BaseReplay, DryRunInput, DryRunOptions, DryRunResult, DryRunner, DryRunTimeouts } from './types.js';
import { DEFAULT_TIMEOUTS } from './types.js';

/**
 * The embedded dry run: PGlite in a worker thread. 1. start from the cached base state, or from
 * an empty cluster and replay the base migrations (then cache the state); 2. seed the tables the
 * changes touch; 3. trace the changed files in order.
 */

const DEFAULT_MEMORY_LIMIT_MB = 1536;
const DEFAULT_SEED_ROWS = 2000;
/** A base that replays faster than this is not worth a dump (taking and loading one costs about as much). */
const MIN_REPLAY_TO_CACHE_MS = 400;
/** Shared by the process's runners, like the in-memory base cache. */
const spare = new SpareSandbox<PgliteSandbox>();

export function createEmbeddedDryRunner(options: DryRunOptions = {}): DryRunner {
  const cache = new BaseCache(options.cacheDir, undefined, options.sharedCache);
  let prepared: Promise<void> | undefined;
  return {
    run: async (input) => {
      await prepared;
      return embeddedDryRun(input, options, cache);
    },
    prepare: (base) => {
      prepared = prepareSandbox(base, cache, sandboxLimits(options));
      return prepared;
    },
  };
}

/**
 * Starts, as the spare, the sandbox a run on `base` begins with: the cached base state, else the
 * blank cluster its replay starts from. A cold CLI run with the dry run spent about 0.7 s of its
 * 1.7 s waiting for PGlite to start after the static review; started here, it starts during it.
 * A spare nobody takes (no SQL migration to run) is idle and does not keep the process alive.
 */
async function prepareSandbox(base: readonly BaseFile[], cache: BaseCache, limits: SandboxLimits): Promise<void> {
  try {
    const key = baseCacheKey(PGLITE_VERSION, base);
    const dataDir = (await cache.get(key))?.dataDir;
    const spareKey = dataDir ? key : BLANK_KEY;
    const start = dataDir ?? (await blankDataDir(cache));
    if (!start) return spare.prepare(BLANK_KEY, () => startBlank(cache, limits)); // initdb: no data dir to start from
    // Resolved once the worker exists: the static review that follows keeps the main thread busy.
    const { ready } = await PgliteSandbox.launch({ dataDir: start.slice(), inWorker: true }, limits);
    spare.prepare(spareKey, () => ready);
  } catch {
    // Preparing is an optimisation: run() starts its own sandbox and reports what goes wrong.
  }
}

function sandboxLimits(options: DryRunOptions): SandboxLimits {
  const startMs = options.timeouts?.startMs ?? DEFAULT_TIMEOUTS.startMs;
  return { startMs, memoryLimitMb: options.memoryLimitMb ?? DEFAULT_MEMORY_LIMIT_MB };
}

/** Closes the spare sandbox a `prestart` runner left waiting (tests; it never keeps a process from exiting). */
export function discardSpareSandbox(): Promise<void> {
  return spare.discard();
}

export function dryRun(input: DryRunInput, options: DryRunOptions = {}): Promise<DryRunResult> {
  return createEmbeddedDryRunner(options).run(input);
}

async function embeddedDryRun(input: DryRunInput, options: DryRunOptions, cache: BaseCache): Promise<DryRunResult> {
  const started = performance.now();
  const timeouts: DryRunTimeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  const limits = sandboxLimits(options);
  const notes = [...(options.notes ?? []), ...(options.pgVersionNote ? [options.pgVersionNote] : [])];
  const key = baseCacheKey(PGLITE_VERSION, input.base);
  const finish = (engine: string, base: BaseReplay, files: DryRunResult['files']): DryRunResult => ({
    engine,
    base,
    files,
    notes,
    durationMs: Math.round(performance.now() - started),
  });
  let sandbox: PgliteSandbox | undefined;
  try {
    // A base another worker is building is waited for, not built twice (the App's shared cache).
    const cached = (await cache.get(key)) ?? (input.base.length > 0 ? await cache.waitForBuilder(key) : undefined);
    const fromCache = async (entry: CachedBase) =>
      (await spare.take(key)) ?? (await PgliteSandbox.start({ dataDir: entry.dataDir.slice() }, limits));
    const built = cached
      ? { sandbox: await fromCache(cached), base: cachedReplay(cached) }
      : await buildBase(input, timeouts, limits, cache, key).finally(() => cache.release(key));
    sandbox = built.sandbox;
    const engine = `PGlite ${PGLITE_VERSION} (PostgreSQL ${sandbox.version})`;
    if (!built.base.built) {
      notes.push('the base schema could not be built, so the changes were not traced; rule verdicts stand');
      return finish(
        engine,
        built.base,
        input.changes.map((file) => notTraced(file, 'base schema not built')),
      );
    }
    const baseState = built.base.skipped.length > 0 ? 'incomplete' : input.baseComplete ? 'complete' : 'unknown';
    const backend: TraceBackend = {
      ...sandboxBackend(sandbox, timeouts),
      // A fresh sandbox on the base (cached, or replayed again) and the files that went through.
      restore: async (done) => {
        await sandbox?.close();
        const entry = await cache.get(key);
        sandbox = entry
          ? await PgliteSandbox.start({ dataDir: entry.dataDir.slice() }, limits)
          : (await buildBase(input, timeouts, limits, cache, key)).sandbox;
        for (const file of done) {
          const replay = {
            path: file.path,
            statements: file.statements.map(({ text, line, kind }) => ({ text, line, ...(kind ? { kind } : {}) })),
          };
          await sandbox.request({ op: 'replay', file: replay }, { timeoutMs: timeouts.fileMs });
        }
        Object.assign(backend, sandboxBackend(sandbox, timeouts), { restore: backend.restore });
        return true;
      },
    };
    const files = await traceChanges(backend, input.changes, { seedRows: options.seedRows ?? DEFAULT_SEED_ROWS, base: baseState });
    return finish(engine, built.base, files);
  } catch (error) {
    notes.push(`the dry run did not run: ${(error as Error).message}`);
    const base: BaseReplay = { files: input.base.length, statements: 0, skipped: [], built: false, cached: false, durationMs: 0 };
    return finish(
      `PGlite ${PGLITE_VERSION}`,
      base,
      input.changes.map((file) => notTraced(file, 'dry run unavailable')),
    );
  } finally {
    await sandbox?.close();
    if (options.prestart) await prepareSpare(cache, key, limits);
  }
}

/** Starts the next sandbox on this base in the background, when the base is cached (see SpareSandbox). */
async function prepareSpare(cache: BaseCache, key: string, limits: { startMs: number; memoryLimitMb: number }): Promise<void> {
  const entry = await cache.get(key);
  if (entry) spare.prepare(key, () => PgliteSandbox.start({ dataDir: entry.dataDir.slice() }, limits));
}

function cachedReplay(cached: CachedBase): BaseReplay {
  return { files: cached.files, statements: cached.statements, skipped: cached.skipped, built: true, cached: true, durationMs: 0 };
}

async function buildBase(
  input: DryRunInput,
  timeouts: DryRunTimeouts,
  limits: { startMs: number; memoryLimitMb: number },
  cache: BaseCache,
  key: string,
): Promise<{ sandbox: PgliteSandbox; base: BaseReplay }> {
  const started = performance.now();
  const sandbox = (await spare.take(BLANK_KEY)) ?? (await startBlank(cache, limits));
  await loadSqlParser();
  const files = baseStatements(input.base);
  const base: BaseReplay = {
    files: files.length,
    statements: files.reduce((sum, file) => sum + file.statements.length, 0),
    skipped: [],
    built: true,
    cached: false,
    durationMs: 0,
  };
  let current = '';
  try {
    for (const file of files) {
      current = file.path;
      base.skipped.push(...(await sandbox.request({ op: 'replay', file }, { timeoutMs: timeouts.baseFileMs })));
    }
  } catch (error) {
    if (!(error instanceof SandboxStopped)) throw error;
    base.built = false;
    base.skipped.push({ path: current, message: `base replay stopped: ${error.message}` });
    base.durationMs = Math.round(performance.now() - started);
    return { sandbox, base };
  }
  base.durationMs = Math.round(performance.now() - started);
  if (files.length > 0 && base.durationMs >= MIN_REPLAY_TO_CACHE_MS) {
    const dataDir = await sandbox.request({ op: 'dump' }, { timeoutMs: timeouts.baseFileMs });
    await cache.set(key, { dataDir, skipped: base.skipped, files: base.files, statements: base.statements });
  }
  return { sandbox, base };
}

function notTraced(file: DryRunInput['changes'][number], why: string): DryRunResult['files'][number] {
  return notRun(file, `not traced: ${why}`);
}
