import { defineRule, type RuleReport } from './api/define-rule.js';
import type { MigrationTool } from '../review-types/index.js';
import type { SqlStatement } from '../parse/sql/parse-sql.js';
import type { FileContext, FileInfo, StatementContext } from './api/sql-context.js';
import { isTransactionBoundary } from './support/current-transaction.js';
import { toolName } from './support/non-transactional-advice.js';

/**
 * BEGIN and COMMIT must pair up. PostgreSQL only warns about a nested BEGIN ("there is already a
 * transaction in progress") or a COMMIT with no transaction ("there is no transaction in
 * progress"), so the migration "works" while statements the author meant to be atomic are not.
 * What a BEGIN does in a file the tool wraps depends on how the tool opens its transaction
 * (FileInfo.wrapping): nested in the tool's BEGIN it is ignored with that warning; in a file sent as
 * one query string or pipeline it silently turns PostgreSQL's implicit transaction into a regular one.
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
  if (transaction.explicit) {
    report({
      message:
        `${keyword(statement)} inside a transaction that is already open: PostgreSQL ignores it with a warning ("there is already a ` +
        `transaction in progress"), so the first COMMIT ends the outer transaction too, and the statements after it are no longer in ` +
        `one transaction with those before it (a failure there leaves the migration half-applied). ` +
        `Remove the inner BEGIN or COMMIT the first transaction before it.`,
    });
    return;
  }
  // Sent as one query string or pipeline (golang-migrate, Prisma, Supabase, dbmate transaction:false),
  // the file runs in PostgreSQL's implicit transaction: an explicit BEGIN turns that into a regular
  // transaction block, with no warning, and its COMMIT ends it; statements after that COMMIT run in
  // an implicit transaction of their own, as the author split them.
  if (file.wrapping === 'implicit') return;
  const end = statements.slice(statement.index + 1).find(isTransactionBoundary);
  const after = end ? statements.slice(end.index + 1).filter((later) => later.kind !== 'TransactionStmt') : [];
  if (!end) return report(ignoredBegin(file, statement));
  if (file.tool === 'dbmate') return report(dbmateCommitFails(statement, end, after.length > 0));
  report(after.length > 0 ? earlyToolCommit(file, statement, end) : redundantBegin(file, statement));
}

/** What PostgreSQL does with a BEGIN inside the transaction block the tool opened. */
function nestedInTool(tool: MigrationTool, statement: SqlStatement): string {
  return (
    `${keyword(statement)} inside the transaction ${toolName(tool)} opens for this file: PostgreSQL ignores it with a warning ` +
    `("there is already a transaction in progress")`
  );
}

function earlyToolCommit(file: FileInfo, statement: SqlStatement, end: SqlStatement): RuleReport {
  return {
    message:
      `${nestedInTool(file.tool, statement)}, and the ${keyword(end)} at line ${end.range.line} ends the tool's transaction early: the ` +
      `statements after it are no longer in that transaction (they run on their own, or in a new one the driver opens), so a failure ` +
      `there leaves the migration half-applied while the tool believes it rolled back. ` +
      `Remove BEGIN/COMMIT from the file, or turn off the tool's transaction for it.`,
    severity: 'warning',
  };
}

function redundantBegin(file: FileInfo, statement: SqlStatement): RuleReport {
  return {
    message:
      `${nestedInTool(file.tool, statement)}, and the file's COMMIT then commits the tool's transaction, leaving the tool's own COMMIT ` +
      `nothing to commit. It works, but it hides what actually makes the file atomic. ` +
      `Remove BEGIN/COMMIT from the file, or turn off the tool's transaction for it.`,
    severity: 'notice',
  };
}

function ignoredBegin(file: FileInfo, statement: SqlStatement): RuleReport {
  return {
    message:
      `${nestedInTool(file.tool, statement)}, and nothing in the file ends it: the tool's COMMIT commits the file as it would without ` +
      `the ${keyword(statement)}. Remove it.`,
    severity: 'notice',
  };
}

/**
 * dbmate opens its transaction through lib/pq, whose Commit refuses a connection that is no longer
 * in a transaction: the file's COMMIT makes dbmate's own fail after the changes were committed.
 */
function dbmateCommitFails(statement: SqlStatement, end: SqlStatement, workAfterEnd: boolean): RuleReport {
  const outcome = /^TRANS_STMT_ROLLBACK/.test(String(end.ast?.kind)) ? 'rolled back' : 'committed';
  const early = workAfterEnd
    ? ` The statements after the ${keyword(end)} at line ${end.range.line} are not in dbmate's transaction either.`
    : '';
  return {
    message:
      `${nestedInTool('dbmate', statement)}, and the file's ${keyword(end)} ends dbmate's transaction. dbmate's own COMMIT then fails ` +
      `("pq: unexpected transaction status idle"): the deploy stops with an error although the statements before the ${keyword(end)} ` +
      `were already ${outcome}.${early} Remove BEGIN/COMMIT from the file, or start it with \`-- migrate:up transaction:false\` so the ` +
      `file's own transaction is the only one.`,
  };
}

function strayEnd(statement: SqlStatement, statements: readonly SqlStatement[]): RuleReport {
  const previous = statements[statement.index - 1];
  if (previous && isTransactionBoundary(previous)) {
    // `COMMIT; ROLLBACK;` is a belt-and-braces idiom: the second command finds nothing to end.
    return {
      message: `${keyword(statement)} right after ${keyword(previous)} has no transaction to end: PostgreSQL only warns ("there is no transaction in progress"). Remove it.`,
      severity: 'notice',
    };
  }
  return {
    message:
      `${keyword(statement)} with no open transaction: PostgreSQL only warns ("there is no transaction in progress"), but it means the ` +
      `statements before it were not in the transaction the author expected, so they were each committed on their own. ` +
      `Add the missing BEGIN, or remove the ${keyword(statement)}.`,
  };
}

function straySavepoint(): RuleReport {
  return {
    message:
      'Savepoint command outside a transaction block: PostgreSQL rejects it with an error and the migration fails. Open a transaction with BEGIN first.',
  };
}

function checkUnclosed({ file, transaction, statements, report }: FileContext): void {
  if (!transaction.inTransaction || !transaction.explicit) return;
  // In the tool's own transaction block the file's BEGIN was ignored: the tool's COMMIT ends the file.
  if (file.implicitTransaction && file.wrapping === 'begin') return;
  const begin = [...statements]
    .reverse()
    .find((statement) => isTransactionBoundary(statement) && /^TRANS_STMT_(BEGIN|START)$/.test(String(statement.ast?.kind)));
  const lines = begin ? { line: begin.range.line, endLine: begin.range.endLine } : undefined;
  const written = begin ? keyword(begin) : 'BEGIN';
  if (file.implicitTransaction) {
    // One query string or pipeline: PostgreSQL commits its implicit transaction at the end, but not a
    // block the file opened and left open; that waits for a COMMIT the tool does not write.
    report({
      message:
        `${written} without a matching COMMIT: ${toolName(file.tool)} sends this file as one implicit transaction, which PostgreSQL ` +
        `commits at its end, but the ${written} turns it into a regular transaction block that only a COMMIT ends, and none follows. ` +
        `Whether the statements after it are ever committed depends on what the tool sends next on that connection` +
        `${file.tool === 'supabase' ? ' (the Supabase CLI sends none: they, and the migrations after this one, are rolled back when it disconnects)' : ''}. ` +
        `Add COMMIT at the end, or remove the ${written}.`,
      lines,
    });
    return;
  }
  report({
    message:
      `${written} without a matching COMMIT: the transaction is still open when the file ends, and when the ` +
      `session closes PostgreSQL rolls it back, so none of its statements takes effect (while the tool may record the migration as done). ` +
      `Add COMMIT at the end.`,
    lines,
  });
}
