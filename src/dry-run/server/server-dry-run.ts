import { loadSqlParser } from '../../parse/sql/parse-sql.js';
import { baseStatements } from '../replay/base-statements.js';
import { replayBaseFile, type BaseFileStatements } from '../replay/replay-base.js';
import { SandboxStopped } from '../sandbox/sandbox.js';
import { createScratchDatabase, type ScratchDatabase, type ScratchOptions, type ScratchSession } from './scratch-database.js';
import { seedTables } from '../replay/seed-rows.js';
import { serverRefusal, type GuardOptions } from './server-guard.js';
import { notRun, stoppedTrace, traceChanges, type TraceBackend } from '../trace/trace-changes.js';
import { traceFile, type TraceState } from '../trace/trace-statements.js';
import type {
  BaseReplay,
  DryRunInput,
  DryRunOptions,
  DryRunResult,
  DryRunFileInput,
  DryRunner,
  DryRunTimeouts,
  FileTrace,
  StatementError,
  StatementTrace,
} from '../types.js';
import { DEFAULT_TIMEOUTS } from '../types.js';

/**
 * The dry run on a real PostgreSQL server (DBARCH_DRY_RUN_DATABASE_URL): a scratch database per run, the base
 * migrations replayed into it, the changes traced with the same tracer as the embedded dry run,
 * and the scratch database dropped at the end, also after a failure. No base cache: every run
 * replays the base (a server is for teams that want their exact version, not for speed).
 *
 * PR SQL never reaches the host: the session runs as a fresh non-superuser role that owns the
 * scratch database (scratch-database.ts), and the guard (server-guard.ts) skips, with a note,
 * statements that could reach the host's files, programs or network or leave that role.
 */

export interface ServerDryRunOptions extends Omit<DryRunOptions, 'cacheDir' | 'memoryLimitMb'> {
  /** postgres://user@host:port/database of a disposable server; dbarch creates its own database there. */
  databaseUrl: string;
  /** How the session becomes the scratch role (ScratchOptions.confinement): login by default. */
  confinement?: ScratchOptions['confinement'];
}

const DEFAULT_SEED_ROWS = 2000;

/**
 * The scratch databases of this process's running dry runs. On SIGINT or SIGTERM (Ctrl-C, a
 * cancelled CI job) they are dropped — their backends terminated first, so a statement that never
 * ends stops too — and the process then exits as the signal would have ended it (130 / 143).
 */
const running = new Set<ScratchDatabase>();
const EXIT_CODES: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 130, SIGTERM: 143 };

function onSignal(signal: NodeJS.Signals): void {
  const drops = [...running].map((scratch) => scratch.drop());
  running.clear();
  void Promise.allSettled(drops).finally(() => process.exit(EXIT_CODES[signal] ?? 1));
}

function track(scratch: ScratchDatabase): void {
  if (running.size === 0) for (const signal of Object.keys(EXIT_CODES)) process.on(signal, onSignal);
  running.add(scratch);
}

function untrack(scratch: ScratchDatabase | undefined): void {
  if (!scratch || !running.delete(scratch) || running.size > 0) return;
  for (const signal of Object.keys(EXIT_CODES)) process.off(signal, onSignal);
}

export function createServerDryRunner(options: ServerDryRunOptions): DryRunner {
  return { run: (input) => serverDryRun(input, options) };
}

async function serverDryRun(input: DryRunInput, options: ServerDryRunOptions): Promise<DryRunResult> {
  const started = performance.now();
  const timeouts: DryRunTimeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  const notes = options.pgVersionNote ? [options.pgVersionNote] : [];
  const result = (engine: string, base: BaseReplay, files: FileTrace[]): DryRunResult => ({
    engine,
    base,
    files,
    notes,
    durationMs: Math.round(performance.now() - started),
  });
  let scratch: ScratchDatabase | undefined;
  try {
    scratch = await createScratchDatabase(options.databaseUrl, { connectMs: timeouts.startMs, confinement: options.confinement });
    track(scratch);
    const engine = `PostgreSQL ${scratch.version} (server, scratch database)`;
    if (scratch.problem) notes.push(scratch.problem);
    await loadSqlParser();
    const guard: ServerGuard = { privileged: scratch.confinement !== 'login', confined: scratch.confinement !== 'none' };
    const base = await replayBase(scratch.session, baseStatements(input.base), timeouts, guard);
    if (!base.built) {
      notes.push('the base schema could not be built, so the changes were not traced; rule verdicts stand');
      return result(
        engine,
        base,
        input.changes.map((file) => notRun(file, 'not traced: base schema not built')),
      );
    }
    const backend: TraceBackend = {
      ...serverBackend(scratch.session, timeouts, guard),
      // A new scratch database with the base and the files that went through (measured: a base replay plus those files).
      restore: async (done) => {
        untrack(scratch);
        const problem = await scratch?.drop();
        scratch = undefined;
        if (problem) notes.push(problem);
        const fresh = await createScratchDatabase(options.databaseUrl, { connectMs: timeouts.startMs, confinement: options.confinement });
        scratch = fresh;
        track(fresh);
        const again = await replayBase(fresh.session, [...baseStatements(input.base), ...done.map(replayable)], timeouts, guard);
        if (!again.built) return false;
        Object.assign(backend, serverBackend(fresh.session, timeouts, guard));
        return true;
      },
    };
    const baseState = base.skipped.length > 0 ? 'incomplete' : input.baseComplete ? 'complete' : 'unknown';
    return result(
      engine,
      base,
      await traceChanges(backend, input.changes, { seedRows: options.seedRows ?? DEFAULT_SEED_ROWS, base: baseState }),
    );
  } catch (error) {
    notes.push(`the dry run did not run on the PostgreSQL server: ${(error as Error).message}`);
    const base: BaseReplay = { files: input.base.length, statements: 0, skipped: [], built: false, cached: false, durationMs: 0 };
    return result(
      'PostgreSQL server',
      base,
      input.changes.map((file) => notRun(file, 'not traced: dry run unavailable')),
    );
  } finally {
    untrack(scratch);
    const problem = await scratch?.drop();
    if (problem) notes.push(problem);
  }
}

/** A changed file that went through, to replay after a restore. */
function replayable(file: DryRunFileInput): BaseFileStatements {
  return { path: file.path, statements: file.statements.map(({ text, line, kind }) => ({ text, line, ...(kind ? { kind } : {}) })) };
}

interface ServerGuard extends GuardOptions {
  /** Whether the session runs as the scratch role: a privilege error is then the dry run's, not the migration's. */
  confined: boolean;
}

/** A failure for lack of a privilege the scratch role does not have (CREATE ROLE, event triggers …): skipped, not the migration's error. */
function privilegeExcuse(guard: ServerGuard): ((error: StatementError) => string | undefined) | undefined {
  if (!guard.confined) return undefined;
  return (error) => (error.code === '42501' ? `not run on a real server as the dry run's unprivileged role: ${error.message}` : undefined);
}

async function replayBase(
  session: ScratchSession,
  files: BaseFileStatements[],
  timeouts: DryRunTimeouts,
  guard: ServerGuard,
): Promise<BaseReplay> {
  const started = performance.now();
  const base: BaseReplay = {
    files: files.length,
    statements: files.reduce((sum, file) => sum + file.statements.length, 0),
    skipped: [],
    built: true,
    cached: false,
    durationMs: 0,
  };
  for (const file of files) {
    session.setLimit(timeouts.baseFileMs, (ms) => `did not finish within ${ms} ms`);
    base.skipped.push(...(await replayBaseFile(session, file, (statement) => serverRefusal(statement.text, guard))));
    if (!session.usable) {
      base.built = false;
      base.skipped.push({ path: file.path, message: 'base replay stopped: the server connection was lost' });
      break;
    }
  }
  base.durationMs = Math.round(performance.now() - started);
  return base;
}

/** Traces on the scratch database; a statement past its limit is cancelled and reported as a timeout. */
function serverBackend(session: ScratchSession, timeouts: DryRunTimeouts, guard: ServerGuard): TraceBackend {
  const excuse = privilegeExcuse(guard);
  const state: TraceState = { seeded: [], refuse: (statement) => serverRefusal(statement.text, guard), ...(excuse ? { excuse } : {}) };
  return {
    seed: async (tables, rows) => {
      session.setLimit(timeouts.fileMs, (ms) => `seeding did not finish within ${ms} ms`);
      state.seeded = await seedTables(session, tables, rows);
    },
    trace: async (file, options) => {
      state.standInScope = options.standInScope;
      state.notBase = options.notBase;
      const deadline = performance.now() + timeouts.fileMs;
      const finished: StatementTrace[] = [];
      let current: number | undefined;
      state.onStatementStart = (index) => {
        current = index;
        const left = deadline - performance.now();
        if (left < timeouts.statementMs) session.setLimit(left, () => FILE_BUDGET);
        else session.setLimit(timeouts.statementMs, (ms) => `still running after ${ms} ms`);
      };
      state.onStatementDone = (trace) => finished.push(trace);
      try {
        const trace = await traceFile(session, file, state);
        const cut = trace.statements.find((statement) => statement.error?.code === 'timeout' && statement.error.message === FILE_BUDGET);
        if (cut)
          return stoppedTrace(
            file,
            new SandboxStopped(
              FILE_BUDGET,
              'budget',
              cut.index,
              finished.filter((done) => done !== cut),
            ),
            timeouts.fileMs,
          );
        return { ...trace, statements: trace.statements.map(markTimeout) };
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        const budget = reason === FILE_BUDGET ? 'budget' : 'timeout';
        return stoppedTrace(file, new SandboxStopped(reason, budget, current, finished.map(markTimeout)), timeouts.fileMs);
      }
    },
  };
}

/** What the session says when the file's budget, not the statement's own limit, ended a statement. */
const FILE_BUDGET = "the file's dry-run budget ran out";

/** A statement the session cancelled at its limit: a timeout, as the sandbox reports one. */
function markTimeout(trace: StatementTrace): StatementTrace {
  if (trace.status !== 'failed' || trace.error?.code !== 'timeout') return trace;
  return { ...trace, status: 'timeout' };
}
