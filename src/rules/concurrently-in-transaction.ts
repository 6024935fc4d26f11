import { defineRule } from './api/define-rule.js';
import { concurrentOperation } from './support/concurrent-operation.js';
import { outsideTransactionAdvice, transactionBlockReason } from './support/non-transactional-advice.js';
import { keywordSpan, spanReport, statementTokens } from './support/statement-tokens.js';

/**
 * CONCURRENTLY operations commit several times internally, so PostgreSQL refuses to start one
 * inside a transaction block ("cannot run inside a transaction block"). The migration then fails at
 * that statement; with a tool that wraps the file, everything before it is rolled back too.
 */
export default defineRule({
  id: 'concurrently-in-transaction',
  summary: 'CREATE/DROP INDEX, REINDEX or DETACH PARTITION CONCURRENTLY inside a transaction block fails',
  risk: 'safe',
  severity: 'error',
  category: 'correctness',
  help: 'Run the statement on its own, outside any transaction block; each migration tool has its own switch for that.',
  checkStatement({ statement, transaction, file, statements, report }) {
    const operation = concurrentOperation(statement);
    if (!operation) return;
    const reason = transactionBlockReason(file, transaction, statements);
    if (!reason) return;
    const keyword = keywordSpan(statementTokens(statement), ['CONCURRENTLY']);
    report({
      message:
        `${operation} cannot run inside a transaction block, and here ${reason}: PostgreSQL refuses the statement and the migration fails at this point. ` +
        outsideTransactionAdvice(file, transaction.explicit),
      ...(keyword ? spanReport(statement, keyword) : {}),
    });
  },
});
