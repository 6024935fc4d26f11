import type { PgliteSandbox } from './sandbox.js';
import { SandboxStopped } from './sandbox.js';
import { emptyTrace } from './trace-statements.js';
import type { DryRunFileInput, DryRunTimeouts, FileTrace, StatementTrace } from './types.js';

/**
 * Seeds the tables the changes touch, then traces the changed files in order. The first failure
 * or stop ends the run: later files would run on a state the tool never reaches. The same loop
 * drives the embedded sandbox and a real server through a TraceBackend.
 */

export interface TraceBackend {
  /** Puts sample rows into the given pre-existing tables (names as the static lock model writes them). */
  seed(tables: string[], rows: number): Promise<void>;
  /** Traces one file; a stop (timeout, memory …) comes back as a trace, not a throw. */
  trace(file: DryRunFileInput): Promise<FileTrace>;
}

export async function traceChanges(
  backend: TraceBackend,
  changes: readonly DryRunFileInput[],
  options: { seedRows: number },
): Promise<FileTrace[]> {
  const relations = changes.flatMap((file) => file.statements.flatMap((statement) => statement.relations ?? []));
  if (options.seedRows > 0 && relations.length > 0) await backend.seed(relations, options.seedRows);
  const traces: FileTrace[] = [];
  let stoppedAt: string | undefined;
  for (const file of changes) {
    if (stoppedAt) {
      traces.push(notRun(file, `not traced: ${stoppedAt}`));
      continue;
    }
    const trace = await backend.trace(file);
    traces.push(trace);
    const stop = trace.statements.find((statement) => statement.status === 'failed' || statement.status === 'timeout');
    if (stop) stoppedAt = `${file.path}:${stop.line} ${stop.status === 'timeout' ? 'was stopped' : 'failed'} before it`;
  }
  return traces;
}

/** The embedded PGlite worker as a trace backend: every request under the sandbox's wall-clock limits. */
export function sandboxBackend(sandbox: PgliteSandbox, timeouts: DryRunTimeouts): TraceBackend {
  return {
    seed: async (tables, rows) => {
      await sandbox.request({ op: 'seed', tables, rows }, { timeoutMs: timeouts.fileMs });
    },
    trace: async (file) => {
      try {
        return await sandbox.request({ op: 'trace', file }, { timeoutMs: timeouts.fileMs, statementTimeoutMs: timeouts.statementMs });
      } catch (error) {
        if (!(error instanceof SandboxStopped)) throw error;
        return stoppedTrace(file, error);
      }
    },
  };
}

/** What is known of a file whose trace the sandbox stopped: finished statements, the stopped one, the rest not run. */
export function stoppedTrace(file: DryRunFileInput, error: SandboxStopped): FileTrace {
  const finished = new Map(error.finished.map((trace) => [trace.index, trace]));
  const statements: StatementTrace[] = file.statements.map((statement) => {
    const done = finished.get(statement.index);
    if (done) return done;
    if (statement.index === error.statementIndex) {
      return {
        ...emptyTrace(statement),
        status: 'timeout',
        error: { message: `${error.message}; the dry run stopped it`, code: error.reason },
      };
    }
    return { ...emptyTrace(statement), note: 'not traced: the dry run was stopped' };
  });
  return { path: file.path, statements, note: `the dry run was stopped: ${error.message}` };
}

/** A file none of whose statements ran. */
export function notRun(file: DryRunFileInput, note: string): FileTrace {
  return { path: file.path, statements: file.statements.map((statement) => ({ ...emptyTrace(statement), note })), note };
}
