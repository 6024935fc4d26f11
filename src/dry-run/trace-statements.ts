import {
  createdRelations,
  readHeldLocks,
  rewrittenRelations,
  tablesAmong,
  takeSnapshot,
  type RelationSnapshot,
} from './relation-snapshot.js';
import { unseedTables, type SeededTable } from './seed-rows.js';
import { tableChanges, takeTableDetails, type TableDetails } from './table-details.js';
import { errorDetails, type SqlSession } from './sql-session.js';
import type { DryRunFileInput, DryRunStatementInput, FileTrace, StatementError, StatementTrace } from './types.js';

/**
 * Traces a changed file statement by statement. Each statement runs in its own transaction
 * (BEGIN; statement; read pg_locks and relfilenodes; COMMIT), so its locks are its own and later
 * statements see what earlier ones did. A statement PostgreSQL refuses to run in a transaction
 * block (CREATE INDEX CONCURRENTLY …) runs outside one when the tool runs it so; its locks are
 * released before they can be read. The first failure stops the file, as it stops the tool.
 */

export interface TraceState {
  /** Tables holding sample rows; emptied when a statement fails only because of those rows. */
  seeded: SeededTable[];
  /** Names of the relations of the base (before any change ran); only their rewrites are reported as tables. */
  baseRelations?: Set<string>;
  /** Called before each statement runs (the sandbox arms its per-statement timer). */
  onStatementStart?: (index: number) => void;
  /** Called with each statement's trace as soon as it is known. */
  onStatementDone?: (trace: StatementTrace) => void;
  /** Why a statement must not run here (the real server's guard), or undefined. */
  refuse?: (statement: DryRunStatementInput) => string | undefined;
  /** Why a failure is the dry run's, not the migration's (e.g. a privilege its role lacks): the statement is then skipped. */
  excuse?: (error: StatementError) => string | undefined;
}

const NOT_IN_TRANSACTION_BLOCK = '25001';
const TRACE_TIME_ZONE = 'America/New_York';

/** The relations (storage, for rewrites and locks) and the tables' columns and constraints at a moment. */
interface Moment {
  relations: RelationSnapshot;
  tables: TableDetails;
}

/**
 * The moments of one file's trace. What a statement that ran cleanly leaves is what the next one
 * starts from (between them the trace at most deletes sample rows), so it is read once instead of
 * twice: the catalog queries are most of a short statement's trace (200 ALTER TABLE statements on
 * a 300-migration base: 5.5 s reading every moment, 3.3–4.0 s reading each once, 2.2 s before
 * columns and constraints were read at all).
 */
class Moments {
  private latest: Moment | undefined;

  constructor(private readonly session: SqlSession) {}

  /** The state before a statement runs: the last clean `after`, else read now. */
  async before(): Promise<Moment> {
    const moment = this.latest ?? (await this.read());
    this.latest = undefined; // until this statement's `after`: a failure may have left anything
    return moment;
  }

  async after(): Promise<Moment> {
    this.latest = await this.read();
    return this.latest;
  }

  /** The `after` just read does not stand (the statement's COMMIT failed). */
  forget(): void {
    this.latest = undefined;
  }

  private async read(): Promise<Moment> {
    return { relations: await takeSnapshot(this.session), tables: await takeTableDetails(this.session) };
  }
}

export async function traceFile(session: SqlSession, file: DryRunFileInput, state: TraceState): Promise<FileTrace> {
  if (!state.baseRelations) {
    // Not UTC, as many production sessions are not: timestamp → timestamptz then shows its rewrite.
    await session.exec(`SET TimeZone = '${TRACE_TIME_ZONE}'`);
    state.baseRelations = new Set([...(await takeSnapshot(session)).values()].map((relation) => relation.name));
  }
  const statements: StatementTrace[] = [];
  const moments = new Moments(session);
  let stopped: StatementTrace | undefined;
  for (const statement of file.statements) {
    if (stopped) {
      statements.push({ ...emptyTrace(statement), status: 'not-run', note: `not traced: the statement at line ${stopped.line} failed` });
      continue;
    }
    state.onStatementStart?.(statement.index);
    const trace = await traceStatement(session, statement, state, moments);
    trace.rewrittenTables = trace.rewrittenTables.filter((name) => state.baseRelations!.has(name));
    statements.push(trace);
    state.onStatementDone?.(trace);
    if (trace.status === 'failed') stopped = trace;
  }
  return {
    path: file.path,
    statements,
    ...(stopped ? { note: `stopped at line ${stopped.line}: ${stopped.error?.message ?? 'failed'}` } : {}),
  };
}

export function emptyTrace(statement: DryRunStatementInput): StatementTrace {
  return {
    index: statement.index,
    line: statement.line,
    endLine: statement.endLine,
    status: 'not-run',
    transaction: 'statement',
    locks: [],
    locksObserved: false,
    rewrites: [],
    rewrittenTables: [],
    created: [],
  };
}

async function traceStatement(
  session: SqlSession,
  statement: DryRunStatementInput,
  state: TraceState,
  moments: Moments,
): Promise<StatementTrace> {
  const skip = skipReason(statement) ?? state.refuse?.(statement);
  if (skip) return { ...emptyTrace(statement), status: 'skipped', note: skip };
  const before = await moments.before();
  let trace = await runInTransaction(session, statement, before, moments);
  if (trace.error?.code === NOT_IN_TRANSACTION_BLOCK && !statement.inTransaction) {
    trace = await runOutsideTransaction(session, statement, before, moments);
  }
  if (trace.error && state.seeded.length > 0 && causedBySampleRows(trace.error, state.seeded)) {
    const emptied = state.seeded.map((seeded) => seeded.table);
    await unseedTables(session, state.seeded);
    state.seeded = [];
    const retry = statement.inTransaction
      ? await runInTransaction(session, statement, before, moments)
      : await retryAnyhow(session, statement, before, moments);
    return {
      ...retry,
      note: `failed with dbarch's sample rows in ${emptied.join(', ')} (${trace.error.message}); traced again on empty tables`,
    };
  }
  const excused = trace.error ? state.excuse?.(trace.error) : undefined;
  if (excused) return { ...emptyTrace(statement), status: 'skipped', note: excused };
  if (trace.error && state.seeded.length > 0) trace.seededTables = state.seeded.map((seeded) => seeded.table);
  return trace;
}

async function retryAnyhow(
  session: SqlSession,
  statement: DryRunStatementInput,
  before: Moment,
  moments: Moments,
): Promise<StatementTrace> {
  const trace = await runInTransaction(session, statement, before, moments);
  return trace.error?.code === NOT_IN_TRANSACTION_BLOCK ? runOutsideTransaction(session, statement, before, moments) : trace;
}

async function runInTransaction(
  session: SqlSession,
  statement: DryRunStatementInput,
  before: Moment,
  moments: Moments,
): Promise<StatementTrace> {
  await session.exec('BEGIN');
  const started = performance.now();
  try {
    await session.exec(statement.text);
  } catch (error) {
    const durationMs = performance.now() - started;
    await session.exec('ROLLBACK');
    return failed(statement, errorDetails(error), durationMs, 'statement');
  }
  const durationMs = performance.now() - started;
  const locks = await readHeldLocks(session, before.relations);
  const after = await moments.after();
  try {
    await session.exec('COMMIT');
  } catch (error) {
    moments.forget();
    return failed(statement, errorDetails(error), durationMs, 'statement');
  }
  return observed(statement, before, after, { durationMs, locks, locksObserved: true, transaction: 'statement' });
}

async function runOutsideTransaction(
  session: SqlSession,
  statement: DryRunStatementInput,
  before: Moment,
  moments: Moments,
): Promise<StatementTrace> {
  const started = performance.now();
  try {
    await session.exec(statement.text);
  } catch (error) {
    return failed(statement, errorDetails(error), performance.now() - started, 'none');
  }
  const durationMs = performance.now() - started;
  const after = await moments.after();
  return observed(statement, before, after, { durationMs, locks: [], locksObserved: false, transaction: 'none' });
}

function observed(
  statement: DryRunStatementInput,
  before: Moment,
  after: Moment,
  facts: Pick<StatementTrace, 'durationMs' | 'locks' | 'locksObserved' | 'transaction'>,
): StatementTrace {
  const rewrites = rewrittenRelations(before.relations, after.relations);
  const { columns, constraints } = tableChanges(before.tables, after.tables);
  return {
    ...emptyTrace(statement),
    ...facts,
    status: 'ok',
    rewrites,
    rewrittenTables: tablesAmong(before.relations, rewrites),
    created: createdRelations(before.relations, after.relations),
    ...(columns.length > 0 ? { columns } : {}),
    ...(constraints.length > 0 ? { constraints } : {}),
  };
}

function failed(
  statement: DryRunStatementInput,
  error: StatementError,
  durationMs: number,
  transaction: StatementTrace['transaction'],
): StatementTrace {
  return { ...emptyTrace(statement), status: 'failed', transaction, error, durationMs };
}

/**
 * A failure that sample rows may have caused rather than the migration: a constraint the
 * generated values break (CHECK, UNIQUE, FOREIGN KEY), a cast they do not survive, or NOT NULL on
 * a column dbarch left empty. NOT NULL on a column that did not exist before (ADD COLUMN … NOT
 * NULL without a default) is the migration's own failure on any table that has rows.
 */
function causedBySampleRows(error: StatementError, seeded: readonly SeededTable[]): boolean {
  if (error.code === '23502') {
    const column = /column "((?:[^"]|"")+)"/.exec(error.message)?.[1];
    return column !== undefined && seeded.some((table) => table.leftEmpty.includes(column));
  }
  return error.code.startsWith('23') || error.code.startsWith('22');
}

/** Statements the trace does not run: transaction control (the trace manages transactions), COPY from outside. */
function skipReason(statement: DryRunStatementInput): string | undefined {
  if (isTransactionControl(statement)) return 'transaction control: the dry run runs each statement in its own transaction';
  if (/^\s*COPY\b[\s\S]*\bFROM\s+(STDIN|PROGRAM|')/i.test(statement.text))
    return 'COPY … FROM a file or the client: no data to load in the dry run';
  if (/^\s*(CREATE|DROP|ALTER)\s+DATABASE\b/i.test(statement.text)) return 'database-level statement: not run in the dry run';
  return undefined;
}

export function isTransactionControl(statement: { kind?: string; text: string }): boolean {
  if (statement.kind) return statement.kind === 'TransactionStmt';
  return /^\s*(BEGIN|COMMIT|ROLLBACK|START\s+TRANSACTION|END|SAVEPOINT|RELEASE|ABORT)\b/i.test(statement.text);
}
