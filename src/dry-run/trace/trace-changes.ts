import type { PgliteSandbox } from '../sandbox/sandbox.js';
import { SandboxStopped } from '../sandbox/sandbox.js';
import type { StandInScope } from './stand-ins.js';
import { emptyTrace } from './trace-statements.js';
import type { DryRunFileInput, DryRunTimeouts, FileTrace, StatementTrace } from '../types.js';

/**
 * Seeds the tables the changes touch, then traces the changed files in order, each on the base
 * plus the earlier files. A file that fails (or is stopped) is reported there, and the files after
 * it are still traced: the backend first restores the state after the last file that went through
 * (`restore`), and, as they may need what the failed file would have created, on a base that counts
 * as incomplete (missing objects get stand-ins, see stand-ins.ts). The same loop drives the embedded
 * sandbox and a real server through a TraceBackend.
 */

export interface TraceOptions {
  /** Which missing objects get stand-ins instead of failing (stand-ins.ts). */
  standInScope: StandInScope;
  /** Relations earlier changed files created (after a restore they must not count as the base's). */
  notBase: string[];
}

const STAND_IN_SCOPES = { complete: 'none', unknown: 'unknown-relations', incomplete: 'all' } as const;

export interface TraceBackend {
  /** Puts sample rows into the given pre-existing tables (names as the static lock model writes them). */
  seed(tables: string[], rows: number): Promise<void>;
  /** Traces one file; a stop (timeout, memory …) comes back as a trace, not a throw. */
  trace(file: DryRunFileInput, options: TraceOptions): Promise<FileTrace>;
  /**
   * Back to the base plus `done` (the files that went through), after a file failed or was
   * stopped; sample rows are put in again. False when the state cannot be restored.
   */
  restore?(done: readonly DryRunFileInput[]): Promise<boolean>;
}

export async function traceChanges(
  backend: TraceBackend,
  changes: readonly DryRunFileInput[],
  options: {
    seedRows: number;
    /**
     * 'complete': the whole history replayed (a missing object is the migration's failure);
     * 'unknown': PATH mode, tables no reviewed migration creates exist in production;
     * 'incomplete': the replay skipped statements.
     */
    base: 'complete' | 'unknown' | 'incomplete';
  },
): Promise<FileTrace[]> {
  const relations = changes.flatMap((file) => file.statements.flatMap((statement) => statement.relations ?? []));
  const seed = () => (options.seedRows > 0 && relations.length > 0 ? backend.seed(relations, options.seedRows) : Promise.resolve());
  await seed();
  const traces: FileTrace[] = [];
  const done: DryRunFileInput[] = [];
  const notBase: string[] = [];
  let base = options.base;
  let blocked: string | undefined;
  for (const file of changes) {
    if (blocked) {
      traces.push(notRun(file, `not traced: ${blocked}`));
      continue;
    }
    const trace = await backend.trace(file, { standInScope: STAND_IN_SCOPES[base], notBase });
    traces.push(trace);
    const stop = trace.statements.find((statement) => statement.status === 'failed' || statement.status === 'timeout');
    if (!stop && !trace.budgetExhausted && trace.crashed === undefined) {
      done.push(file);
      notBase.push(...trace.statements.flatMap((statement) => statement.created));
      continue;
    }
    base = 'incomplete';
    const changedState =
      trace.budgetExhausted ||
      trace.crashed !== undefined ||
      stop?.status === 'timeout' ||
      trace.statements.some((statement) => statement.status === 'ok');
    if (!changedState) continue;
    if (await restored(backend, done)) await seed();
    else {
      const what = stop?.status === 'failed' ? 'failed' : 'was stopped';
      blocked = `${file.path}${stop ? `:${stop.line}` : ''} ${what} before it, and the state before that file could not be restored`;
    }
  }
  return traces;
}

/** Whether the backend restored the state; a restore that throws (a sandbox that would not start …) did not. */
async function restored(backend: TraceBackend, done: readonly DryRunFileInput[]): Promise<boolean> {
  try {
    return (await backend.restore?.(done)) === true;
  } catch {
    return false;
  }
}

/** The embedded PGlite worker as a trace backend: every request under the sandbox's wall-clock limits. */
export function sandboxBackend(sandbox: PgliteSandbox, timeouts: DryRunTimeouts): TraceBackend {
  return {
    seed: async (tables, rows) => {
      await sandbox.request({ op: 'seed', tables, rows }, { timeoutMs: timeouts.fileMs });
    },
    trace: async (file, options) => {
      try {
        return await sandbox.request(
          { op: 'trace', file, ...options },
          { timeoutMs: timeouts.fileMs, statementTimeoutMs: timeouts.statementMs },
        );
      } catch (error) {
        if (!(error instanceof SandboxStopped)) throw error;
        return stoppedTrace(file, error, timeouts.fileMs);
      }
    },
  };
}

/**
 * What is known of a file whose trace the sandbox stopped: finished statements, the stopped one, the
 * rest not run. A crash of the embedded PostgreSQL is no evidence about the statement it ran (a
 * server would have run it): that statement is listed as not checked, with the crash, not as a
 * statement that hangs.
 */
export function stoppedTrace(file: DryRunFileInput, error: SandboxStopped, budgetMs?: number): FileTrace {
  const finished = new Map(error.finished.map((trace) => [trace.index, trace]));
  const budget = error.reason === 'budget';
  const crash = error.reason === 'crash';
  const statements: StatementTrace[] = file.statements.map((statement) => {
    const done = finished.get(statement.index);
    if (done) return done;
    if (statement.index === error.statementIndex && crash) {
      return { ...emptyTrace(statement), status: 'skipped', note: `${error.message}: nothing was observed for this statement` };
    }
    if (statement.index === error.statementIndex && !budget) {
      return { ...emptyTrace(statement), status: 'timeout', error: { message: error.message, code: error.reason } };
    }
    const why = budget ? `the file's dry-run budget of ${budgetMs ?? '?'} ms ran out` : 'the dry run was stopped';
    return { ...emptyTrace(statement), note: `not traced: ${why}` };
  });
  if (budget) {
    const traced = error.finished.length;
    return {
      path: file.path,
      statements,
      budgetExhausted: { limitMs: budgetMs ?? 0 },
      note: `the file's dry-run budget of ${budgetMs ?? '?'} ms ran out after ${traced} of ${file.statements.length} statements`,
    };
  }
  return { path: file.path, statements, note: `the dry run was stopped: ${error.message}`, ...(crash ? { crashed: error.message } : {}) };
}

/** A file none of whose statements ran. */
export function notRun(file: DryRunFileInput, note: string): FileTrace {
  return { path: file.path, statements: file.statements.map((statement) => ({ ...emptyTrace(statement), note })), note };
}
