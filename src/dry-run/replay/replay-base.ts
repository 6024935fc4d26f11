import { copyNotRun } from '../copy-not-run.js';
import { isTransactionControl } from '../trace/trace-statements.js';
import { errorDetails, type SqlSession } from '../sql-session.js';
import type { DryRunNote } from '../types.js';

/**
 * Replays one base migration. Fast path: the whole file in one call (one implicit transaction).
 * When that fails, or the file manages its own transactions, statement by statement: a statement
 * PostgreSQL refuses (an extension PGlite lacks, COPY from a file, a role it does not know …) is
 * skipped with a note and the rest of the file still runs.
 */

export interface BaseStatement {
  text: string;
  line: number;
  kind?: string;
}

export interface BaseFileStatements {
  path: string;
  statements: BaseStatement[];
}

export async function replayBaseFile(
  session: SqlSession,
  file: BaseFileStatements,
  refuse?: (statement: BaseStatement) => string | undefined,
): Promise<DryRunNote[]> {
  const runnable: BaseStatement[] = [];
  const notes: DryRunNote[] = [];
  for (const statement of file.statements) {
    const skip = refuse?.(statement) ?? baseSkipReason(statement);
    if (skip) notes.push({ path: file.path, line: statement.line, message: skip });
    else if (!isTransactionControl(statement)) runnable.push(statement);
  }
  const managesTransactions = file.statements.some((statement) => isTransactionControl(statement));
  if (!managesTransactions && runnable.length > 1 && (await runWhole(session, runnable))) return notes;
  for (const statement of runnable) {
    try {
      await session.exec(statement.text);
    } catch (error) {
      const { message, code } = errorDetails(error);
      notes.push({ path: file.path, line: statement.line, message: `skipped (${code}): ${message}` });
    }
  }
  return notes.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}

async function runWhole(session: SqlSession, statements: readonly BaseStatement[]): Promise<boolean> {
  try {
    await session.exec(statements.map((statement) => statement.text).join('\n;\n') + '\n;');
    return true;
  } catch {
    return false;
  }
}

function baseSkipReason(statement: BaseStatement): string | undefined {
  const copy = copyNotRun(statement.text, statement.kind);
  if (copy) return `skipped: ${copy}`;
  if (/^\s*(CREATE|DROP|ALTER)\s+DATABASE\b/i.test(statement.text)) return 'skipped: database-level statement';
  return undefined;
}
