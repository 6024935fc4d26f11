import { defineRule } from './api/define-rule.js';
import { asArray, relationName } from '../parse/sql/ast.js';
import { blocksWrites, LOCK_ORDER } from '../analysis/lock-modes.js';
import { transactionBlockReason } from './support/non-transactional-advice.js';
import { isTransactionBoundary } from './support/current-transaction.js';
import { tableLocks } from '../analysis/table-locks.js';
import type { SchemaFacts } from '../analysis/schema-facts.js';
import type { SqlStatement } from '../parse/sql/parse-sql.js';
import type { LockMode } from '../review-types/index.js';

/**
 * LOCK TABLE holds its lock until the transaction ends, so everything the migration does after it
 * runs while other sessions wait; and while the request waits for running queries, new queries
 * queue behind it. Migrations rarely need it: each DDL statement takes the lock it needs.
 */
export default defineRule({
  id: 'lock-table',
  summary: 'LOCK TABLE in a mode that blocks writes or reads on an existing table',
  risk: 'downtime',
  severity: 'error',
  category: 'safety',
  help: 'Leave locking to the DDL statements; if an explicit lock is needed, set lock_timeout first and keep the transaction to a few quick statements.',
  checkStatement({ statement, facts, file, transaction, statements, settings, report }) {
    const ast = statement.ast;
    if (statement.kind !== 'LockStmt' || !ast) return;
    // LockStmt modes count from 1 (ACCESS SHARE) to 8 (ACCESS EXCLUSIVE, the default).
    const mode = LOCK_ORDER[Number(ast.mode ?? 8) - 1] ?? 'ACCESS EXCLUSIVE';
    const tables = asArray(ast.relations)
      .map(relationName)
      .filter((name): name is string => name !== undefined && !facts.isNewTable(name));
    if (tables.length === 0 || !blocksWrites(mode)) return;
    const quoted = tables.map((table) => `"${table}"`).join(', ');
    if (!transactionBlockReason(file, transaction, statements)) {
      report({
        risk: 'safe',
        message: `LOCK TABLE ${quoted} runs outside a transaction block, where PostgreSQL refuses it ("LOCK TABLE can only be used in transaction blocks") and the migration fails here. Remove it: the DDL statements take the locks they need.`,
      });
      return;
    }
    // Under a lock_timeout, taking up front the locks the transaction's own DDL takes on those tables
    // anyway is the way to lock several tables in one fixed order, so two migrations cannot deadlock:
    // the locks are only held from here rather than from the first of those statements.
    const timeout = settings.lockTimeout !== undefined && !/^'?0(ms|s)?'?$/i.test(settings.lockTimeout.trim());
    if (timeout && tables.every((table) => lockedLaterAsStrongly(table, mode, statement, statements, facts))) {
      report({
        risk: 'safe',
        severity: 'notice',
        message:
          `LOCK TABLE ${quoted} IN ${mode} MODE takes up front, with lock_timeout set, locks that the statements after it in this ` +
          `transaction take on ${tables.length === 1 ? 'that table' : 'each of these tables'} anyway: it fixes the order the locks are taken in, ` +
          'which keeps two migrations from deadlocking, and holds them from here rather than from the first of those statements. ' +
          'Keep what runs between the LOCK and that DDL short.',
      });
      return;
    }
    const blocked =
      mode === 'ACCESS EXCLUSIVE'
        ? 'all reads and writes'
        : mode === 'EXCLUSIVE'
          ? 'all writes and SELECT … FOR UPDATE/SHARE'
          : 'all writes';
    report({
      message:
        `LOCK TABLE ${quoted} IN ${mode} MODE blocks ${blocked} on ${quoted} until the transaction commits, for as long as everything after it in the migration takes; ` +
        'the request also waits behind queries already running, and new queries queue behind it meanwhile. ' +
        'Leave locking to the DDL statements, which take the locks they need; if an explicit lock is required, set lock_timeout first and keep the transaction to a few quick statements.',
    });
  },
});

/** Whether a later statement of the same transaction locks `table` in `mode` or a stronger one. */
function lockedLaterAsStrongly(
  table: string,
  mode: LockMode,
  statement: SqlStatement,
  statements: readonly SqlStatement[],
  facts: SchemaFacts,
): boolean {
  for (const later of statements.slice(statement.index + 1)) {
    if (isTransactionBoundary(later)) return false;
    const locks = tableLocks(later, facts);
    if (locks.some((lock) => lock.relation === table && !lock.index && LOCK_ORDER.indexOf(lock.mode) >= LOCK_ORDER.indexOf(mode)))
      return true;
  }
  return false;
}
