import type { SqlStatement } from '../../parse/sql/parse-sql.js';
import type { TransactionSnapshot } from '../../analysis/session-state.js';

/**
 * Which statements share a transaction block with the statement under review. The session
 * tracker knows whether a transaction is open; rules that weigh what the transaction already did
 * (locks it holds, DDL it ran) need the statements themselves.
 */

const BOUNDARIES = new Set([
  'TRANS_STMT_BEGIN',
  'TRANS_STMT_START',
  'TRANS_STMT_COMMIT',
  'TRANS_STMT_ROLLBACK',
  'TRANS_STMT_PREPARE',
  'TRANS_STMT_COMMIT_PREPARED',
  'TRANS_STMT_ROLLBACK_PREPARED',
]);

/** True for BEGIN, COMMIT, ROLLBACK and the other statements that open or end a transaction block. */
export function isTransactionBoundary(statement: SqlStatement): boolean {
  return statement.kind === 'TransactionStmt' && BOUNDARIES.has(String(statement.ast?.kind));
}

/**
 * Statements run earlier in the transaction block the statement runs in, oldest first; empty when
 * it runs outside a transaction. Savepoint commands are left out: they do no work of their own.
 */
export function earlierInTransaction(
  statement: SqlStatement,
  statements: readonly SqlStatement[],
  transaction: TransactionSnapshot,
): SqlStatement[] {
  if (!transaction.inTransaction) return [];
  const earlier: SqlStatement[] = [];
  for (let index = statement.index - 1; index >= 0; index -= 1) {
    const candidate = statements[index];
    if (!candidate || isTransactionBoundary(candidate)) break;
    if (candidate.kind !== 'TransactionStmt') earlier.unshift(candidate);
  }
  return earlier;
}
