import { defineRule, type RuleReport } from './api/define-rule.js';
import type { SqlStatement } from '../parse/sql/parse-sql.js';
import type { FileContext, StatementContext } from './api/sql-context.js';
import { isTransactionBoundary } from './support/current-transaction.js';
import { sendsFileAsOneQuery } from './support/non-transactional-advice.js';

/**
 * BEGIN and COMMIT must pair up. PostgreSQL only warns about a nested BEGIN or a COMMIT with no
 * transaction, so the migration "works" while statements the author meant to be atomic are not.
 */
export default defineRule({
  id: 'transaction-nesting',
  summary: 'BEGIN without COMMIT, nested BEGIN, or COMMIT/ROLLBACK/SAVEPOINT without an open transaction',
  risk: 'safe',
  severity: 'error',
  category: 'correctness',
  help: 'Pair every BEGIN with one COMMIT, and do not open a transaction inside one the migration tool already runs the file in.',
  checkStatement(context) {
    const kind = context.statement.kind === 'TransactionStmt' ? String(context.statement.ast?.kind) : undefined;
    if (!kind) return;
    if (kind === 'TRANS_STMT_BEGIN' || kind === 'TRANS_STMT_START') return checkBegin(context);
    if (context.transaction.inTransaction) return;
    if (['TRANS_STMT_COMMIT', 'TRANS_STMT_ROLLBACK'].includes(kind)) context.report(strayEnd(context.statement, context.statements));
    if (['TRANS_STMT_SAVEPOINT', 'TRANS_STMT_RELEASE', 'TRANS_STMT_ROLLBACK_TO'].includes(kind)) context.report(straySavepoint());
  },
  checkFile(context) {
    checkUnclosed(context);
  },
});

/** The command as written, for messages: BEGIN, START TRANSACTION, COMMIT, END, ROLLBACK, ABORT. */
function keyword(statement: SqlStatement): string {
  const first = statement.text.trim().split(/\s+/)[0]!.toUpperCase();
  return first === 'START' ? 'START TRANSACTION' : first;
}

function checkBegin({ file, statement, statements, transaction, report }: StatementContext): void {
  if (!transaction.inTransaction) return;
  // In a multi-statement query string (golang-migrate, dbmate) the implicit block is PostgreSQL's own:
  // an explicit BEGIN simply turns it into a regular transaction, with no warning and no early commit.
  if (!transaction.explicit && sendsFileAsOneQuery(file.tool)) return;
  if (transaction.explicit) {
    report({
      message:
        `${keyword(statement)} inside a transaction that is already open: PostgreSQL ignores it with a warning, so the first COMMIT ends the ` +
        `outer transaction too, and the statements after it run outside any transaction (a failure there leaves the migration half-applied). ` +
        `Remove the inner BEGIN or COMMIT the first transaction before it.`,
    });
    return;
  }
  const end = statements.slice(statement.index + 1).find(isTransactionBoundary);
  const after = end ? statements.slice(end.index + 1).filter((later) => later.kind !== 'TransactionStmt') : [];
  report(after.length > 0 ? earlyToolCommit(statement, end!) : redundantBegin(statement));
}

function earlyToolCommit(statement: SqlStatement, end: SqlStatement): RuleReport {
  return {
    message:
      `${keyword(statement)} inside the transaction the migration tool already runs this file in: PostgreSQL ignores it with a warning, ` +
      `and the ${keyword(end)} at line ${end.range.line} ends the tool's transaction early, so the statements after it run outside any ` +
      `transaction (a failure there leaves the migration half-applied while the tool believes it rolled back). ` +
      `Remove BEGIN/COMMIT from the file, or turn off the tool's transaction for it.`,
    severity: 'warning',
  };
}

function redundantBegin(statement: SqlStatement): RuleReport {
  return {
    message:
      `${keyword(statement)} inside the transaction the migration tool already runs this file in: PostgreSQL ignores it with a warning ` +
      `and the file's COMMIT ends the tool's transaction instead. It works, but it hides what actually makes the file atomic. ` +
      `Remove BEGIN/COMMIT from the file, or turn off the tool's transaction for it.`,
    severity: 'notice',
  };
}

function strayEnd(statement: SqlStatement, statements: readonly SqlStatement[]): RuleReport {
  const previous = statements[statement.index - 1];
  if (previous && isTransactionBoundary(previous)) {
    // `COMMIT; ROLLBACK;` is a belt-and-braces idiom: the second command finds nothing to end.
    return {
      message: `${keyword(statement)} right after ${keyword(previous)} has no transaction to end: PostgreSQL only warns. Remove it.`,
      severity: 'notice',
    };
  }
  return {
    message:
      `${keyword(statement)} with no open transaction: PostgreSQL only warns, but it means the statements before it were not in the ` +
      `transaction the author expected, so they were each committed on their own. Add the missing BEGIN, or remove the ${keyword(statement)}.`,
  };
}

function straySavepoint(): RuleReport {
  return {
    message:
      'Savepoint command outside a transaction block: PostgreSQL rejects it with an error and the migration fails. Open a transaction with BEGIN first.',
  };
}

function checkUnclosed({ file, transaction, statements, report }: FileContext): void {
  // A file the tool wraps is committed by the tool at the end, whatever the file left open.
  if (file.implicitTransaction || !transaction.inTransaction || !transaction.explicit) return;
  const begin = [...statements]
    .reverse()
    .find((statement) => isTransactionBoundary(statement) && /^TRANS_STMT_(BEGIN|START)$/.test(String(statement.ast?.kind)));
  report({
    message:
      `${begin ? keyword(begin) : 'BEGIN'} without a matching COMMIT: the transaction is still open when the file ends, and when the ` +
      `session closes PostgreSQL rolls it back, so none of its statements takes effect (while the tool may record the migration as done). ` +
      `Add COMMIT at the end.`,
    lines: begin ? { line: begin.range.line, endLine: begin.range.endLine } : undefined,
  });
}
