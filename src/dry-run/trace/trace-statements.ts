import {
  createdRelations,
  readHeldLocks,
  rewrittenRelations,
  tablesAmong,
  takeSnapshot,
  type RelationSnapshot,
} from './relation-snapshot.js';
import { copyNotRun } from '../copy-not-run.js';
import { unseedTables, type SeededTable } from '../replay/seed-rows.js';
import { provideStandIn, removedByChange, type StandInScope, type StandInState } from './stand-ins.js';
import { tableChanges, takeTableDetails, type TableDetails } from './table-details.js';
import { errorDetails, type SqlSession } from '../sql-session.js';
import type { DryRunFileInput, DryRunStatementInput, FileTrace, StatementError, StatementTrace } from '../types.js';

/**
 * Traces a changed file statement by statement. Each statement runs in its own transaction
 * (BEGIN; statement; read pg_locks and relfilenodes; COMMIT), so its locks are its own and later
 * statements see what earlier ones did. A statement PostgreSQL refuses to run in a transaction
 * block (CREATE INDEX CONCURRENTLY …) runs outside one when the tool runs it so; its locks are
 * released before they can be read. The first failure stops the file, as it stops the tool.
 *
 * When the base may lack objects (`standInScope`), a statement that fails for a missing relation,
 * column, schema, type or constraint runs again on a stand-in (stand-ins.ts); what still cannot run
 * is skipped as "could not check" and the file goes on.
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
  /** Which missing objects get stand-ins instead of failing (stand-ins.ts); none when absent. */
  standInScope?: StandInScope;
  /** Stand-ins made so far, and what existed or was removed during the trace. */
  standIns?: StandInState;
  /** `relation.column` that statements of the change filled with UPDATE … SET. */
  updated?: Set<string>;
  /** Relations earlier changed files created: not the base's, even when this session started after them (a restore). */
  notBase?: readonly string[];
}

/** SQLSTATEs for "no such object": relation, column, type or other object, function, schema, table of a FROM. */
export const UNDEFINED_OBJECT = new Set(['42P01', '42703', '42704', '42883', '3F000', '42P02']);
/**
 * SQLSTATEs a stand-in's guessed shape can cause: datatype mismatch, no such operator or function
 * for the guessed types, cannot coerce, ambiguous function or column, indeterminate type, an FK
 * whose target lacks a matching unique key, an object of the wrong kind (a table standing in for a
 * sequence or a partitioned table, an enum for a domain).
 */
const GUESSED_SHAPE = new Set(['42804', '42883', '42846', '42725', '42P18', '42702', '42830', '42809']);
/** Enough for a statement that names a missing table, schema, a few columns and a type. */
const MAX_STAND_INS_PER_STATEMENT = 12;

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
    for (const name of state.notBase ?? []) state.baseRelations.delete(name);
  }
  state.standIns ??= { relations: new Set(), seen: new Set(state.baseRelations), removed: new Set() };
  state.updated ??= new Set();
  const standInsBefore = new Set(state.standIns.relations);
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
    if (trace.status === 'ok') remember(state, statement, trace);
  }
  await dropKeptTempTables(session, file);
  const standIns = [...state.standIns.relations].filter((name) => !standInsBefore.has(name));
  return {
    path: file.path,
    statements,
    ...(stopped ? { note: `stopped at line ${stopped.line}: ${stopped.error?.message ?? 'failed'}` } : {}),
    ...(standIns.length > 0 ? { standIns } : {}),
  };
}

/** What an executed statement adds to what the trace knows: relations it created, columns it filled or removed. */
function remember(state: TraceState, statement: DryRunStatementInput, trace: StatementTrace): void {
  for (const name of trace.created) state.standIns!.seen.add(name);
  for (const column of statement.references?.updated ?? []) state.updated!.add(column);
  for (const column of statement.references?.removed ?? []) state.standIns!.removed.add(column);
  // A dropped or renamed stand-in is gone: what fails on it later is the migration's.
  for (const name of statement.references?.dropped ?? []) state.standIns!.relations.delete(name);
  const dropped = new Set(statement.references?.dropped ?? []);
  if (dropped.size > 0) state.seeded = state.seeded.filter((seeded) => !dropped.has(seeded.table));
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
  // The real server's guard names its reason first (a COPY … PROGRAM is refused there as host access).
  const skip = state.refuse?.(statement) ?? skipReason(statement);
  if (skip) return { ...emptyTrace(statement), status: 'skipped', note: skip };
  const run = keepingTempTables(statement);
  const scope = state.standInScope ?? 'none';
  const removed = (error: StatementError) => removedByChange(error, statement.references, state.standIns!);
  const standIns: string[] = [];
  let { trace, before } = await runOnce(session, run, moments);
  while (trace.error && UNDEFINED_OBJECT.has(trace.error.code) && standIns.length < MAX_STAND_INS_PER_STATEMENT) {
    const standIn = await provideStandIn(session, trace.error, statement.references, state.standIns!, scope);
    if (!standIn) break;
    standIns.push(standIn.made);
    if (standIn.seeded) state.seeded.push(standIn.seeded);
    if (standIn.emptyColumn) markEmpty(state.seeded, standIn.emptyColumn);
    moments.forget();
    // The stand-in belongs to the base: its rewrites are reported like a base table's.
    for (const relation of (await takeSnapshot(session)).values()) state.baseRelations!.add(relation.name);
    ({ trace, before } = await runOnce(session, run, moments));
  }
  standIns.push(
    ...standInsNamed(statement, state)
      .filter((name) => !standIns.includes(`table ${name}`))
      .map((name) => `table ${name}`),
  );
  const onStandIns = standIns.length > 0;
  if (onStandIns) trace.standIns = standIns;
  if (trace.error && state.seeded.length > 0 && causedBySampleRows(trace.error, state)) {
    const emptied = state.seeded.map((seeded) => seeded.table);
    await unseedTables(session, state.seeded);
    state.seeded = [];
    const retry = statement.inTransaction
      ? await runInTransaction(session, run, before, moments)
      : await retryAnyhow(session, run, before, moments);
    return {
      ...retry,
      ...(standIns.length > 0 ? { standIns } : {}),
      ...(retry.error && notTheMigrations(retry.error, scope, onStandIns, removed(retry.error)) ? uncheckable(retry) : {}),
      note: `failed only with dbarch's sample rows in ${emptied.join(', ')} (${trace.error.message}), which a real table's rows need not cause; traced again on empty tables`,
    };
  }
  const excused = trace.error ? (state.excuse?.(trace.error) ?? serverFileExcuse(trace.error)) : undefined;
  if (excused) return { ...emptyTrace(statement), status: 'skipped', note: excused };
  // On an incomplete base, a missing object (or a stand-in's guessed column types) says nothing about the migration.
  if (trace.error && notTheMigrations(trace.error, scope, onStandIns, removed(trace.error))) return { ...trace, ...uncheckable(trace) };
  if (trace.error && state.seeded.length > 0) trace.seededTables = state.seeded.map((seeded) => seeded.table);
  return trace;
}

/**
 * SQLSTATE class 58 (a file that does not exist, an I/O error) from pg_read_file, lo_import and the
 * like: the files are the database server's, and the dry run's server is not the one the migration
 * runs on (PGlite's is an empty in-memory file system). No evidence either way: not checked, and
 * server-file-access-function reports the call.
 */
function serverFileExcuse(error: StatementError): string | undefined {
  return error.code.startsWith('58') ? `${error.message}: the dry run's server does not have the database server's files` : undefined;
}

/**
 * A failure that says nothing about the migration: on a stand-in, one its guessed column types or
 * keys can cause, a missing object on an incomplete base, and in PATH mode a
 * missing relation, index, schema, type or function — never an object the change itself dropped
 * or renamed away (a column or constraint missing on a table the base created stays the migration's).
 */
function notTheMigrations(error: StatementError, scope: StandInScope, onStandIns: boolean, removedByChange: boolean): boolean {
  // Roles belong to the cluster, not to the migration history: the database the migration runs on
  // has the roles its operators made, the dry run's has only those the replayed files create.
  if (isMissingRole(error)) return true;
  if (scope === 'none' || removedByChange) return false;
  // On a stand-in a type mismatch or a missing key is the guess's; anything else (a duplicate column, rows breaking a constraint) is the migration's.
  if (onStandIns && (GUESSED_SHAPE.has(error.code) || error.code.startsWith('22') || UNDEFINED_OBJECT.has(error.code))) return true;
  if (scope === 'all') return UNDEFINED_OBJECT.has(error.code);
  return ['42P01', '3F000', '42883'].includes(error.code) || (error.code === '42704' && /^(type|index) /.test(error.message));
}

function isMissingRole(error: StatementError): boolean {
  return error.code === '42704' && /^role "(?:[^"]|"")+" does not exist/.test(error.message);
}

/** A failure on an incomplete base: skipped, with why, and the file goes on. */
function uncheckable(trace: StatementTrace): Partial<StatementTrace> {
  const what = trace.standIns?.length ? ` (ran on stand-ins: ${trace.standIns.join(', ')})` : '';
  const why = isMissingRole(trace.error!)
    ? "roles belong to the database cluster, and the dry run's has only the roles the replayed migrations create"
    : 'the base does not hold everything this statement needs';
  return {
    status: 'skipped',
    uncheckable: true,
    note: `could not check: ${trace.error!.message}${what}; ${why}`,
  };
}

/** The stand-in tables, made for earlier statements, that the statement names. */
function standInsNamed(statement: DryRunStatementInput, state: TraceState): string[] {
  const relations = state.standIns?.relations;
  if (!relations?.size) return [];
  return (statement.references?.relations ?? []).map((relation) => relation.name).filter((name) => relations.has(name));
}

/** A column added to a table holding sample rows: NULL in every row, as dbarch left it (not the migration). */
function markEmpty(seeded: SeededTable[], column: { table: string; column: string }): void {
  const table = seeded.find((entry) => entry.table === column.table || entry.table === `"${column.table}"`);
  if (table) table.leftEmpty.push(column.column);
}

/** One run: in the statement's own transaction, or outside one when PostgreSQL refuses a block and the tool runs it so. */
async function runOnce(
  session: SqlSession,
  statement: DryRunStatementInput,
  moments: Moments,
): Promise<{ trace: StatementTrace; before: Moment }> {
  const before = await moments.before();
  let trace = await runInTransaction(session, statement, before, moments);
  if (trace.error?.code === NOT_IN_TRANSACTION_BLOCK && !statement.inTransaction) {
    trace = await runOutsideTransaction(session, statement, before, moments);
  }
  return { trace, before };
}

const ON_COMMIT_DROP = /\bON\s+COMMIT\s+DROP\b/i;

/**
 * `CREATE TEMP TABLE … ON COMMIT DROP` in a file the tool runs in one transaction lives until the
 * file's end; the trace commits after every statement, so it keeps such a table for the session
 * (ON COMMIT PRESERVE ROWS) and drops it at the end of the file (dropKeptTempTables).
 */
function keepingTempTables(statement: DryRunStatementInput): DryRunStatementInput {
  if (!statement.inTransaction || !isTempTableDroppedOnCommit(statement)) return statement;
  return { ...statement, text: statement.text.replace(ON_COMMIT_DROP, 'ON COMMIT PRESERVE ROWS') };
}

function isTempTableDroppedOnCommit(statement: DryRunStatementInput): boolean {
  return (statement.kind === 'CreateStmt' || statement.kind === 'CreateTableAsStmt') && ON_COMMIT_DROP.test(statement.text);
}

async function dropKeptTempTables(session: SqlSession, file: DryRunFileInput): Promise<void> {
  const kept = file.statements.filter((statement) => statement.inTransaction && isTempTableDroppedOnCommit(statement));
  for (const statement of kept) {
    for (const relation of statement.references?.relations.slice(0, 1) ?? []) {
      await session.exec(`DROP TABLE IF EXISTS pg_temp."${relation.relname.replace(/"/g, '""')}"`).catch(() => undefined);
    }
  }
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
 * a column dbarch left empty or that the change filled with an UPDATE (which, on real rows, finds
 * what it reads: the sample rows' foreign keys point nowhere). NOT NULL on a column that did not
 * exist before (ADD COLUMN … NOT NULL without a default, or added and never filled) is the
 * migration's own failure on any table that has rows.
 */
function causedBySampleRows(error: StatementError, state: TraceState): boolean {
  if (error.code === '23502') {
    const column = /column "((?:[^"]|"")+)"/.exec(error.message)?.[1];
    const relation = /relation "((?:[^"]|"")+)"/.exec(error.message)?.[1];
    if (column === undefined) return false;
    if (relation && state.updated?.has(`${relation}.${column}`)) return true;
    return state.seeded.some((table) => table.leftEmpty.includes(column));
  }
  return error.code.startsWith('23') || error.code.startsWith('22');
}

/** Statements the trace does not run: transaction control (the trace manages transactions), COPY but TO STDOUT (copy-not-run.ts). */
function skipReason(statement: DryRunStatementInput): string | undefined {
  if (isTransactionControl(statement)) return 'transaction control: the dry run runs each statement in its own transaction';
  const copy = copyNotRun(statement.text, statement.kind);
  if (copy) return copy;
  if (/^\s*(CREATE|DROP|ALTER)\s+DATABASE\b/i.test(statement.text)) return 'database-level statement: not run in the dry run';
  // The migration's database is not the dry run's: REINDEX DATABASE names one that is not open here.
  if (/^\s*REINDEX\s+(\([^)]*\)\s*)?(DATABASE|SYSTEM)\b/i.test(statement.text)) return 'database-level statement: not run in the dry run';
  return undefined;
}

export function isTransactionControl(statement: { kind?: string; text: string }): boolean {
  if (statement.kind) return statement.kind === 'TransactionStmt';
  return /^\s*(BEGIN|COMMIT|ROLLBACK|START\s+TRANSACTION|END|SAVEPOINT|RELEASE|ABORT)\b/i.test(statement.text);
}
