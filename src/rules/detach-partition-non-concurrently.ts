import { defineRule } from './api/define-rule.js';
import { asArray, nodeOf, relationName } from '../parse/sql/ast.js';
import type { SqlStatement } from '../parse/sql/parse-sql.js';
import { appendKeywords, type KeywordInsertion } from './support/keyword-insertion.js';
import { concurrentlyNote } from './support/non-transactional-advice.js';
import { clauseSpan, keywordSpan, statementTokens } from './support/statement-tokens.js';

/**
 * A plain DETACH PARTITION takes ACCESS EXCLUSIVE on the partitioned table: every query on the
 * parent and all its partitions waits, and the request itself queues behind running queries.
 * PostgreSQL 14 added DETACH PARTITION … CONCURRENTLY, which needs only SHARE UPDATE EXCLUSIVE on
 * the parent and waits for running queries instead of blocking new ones.
 */
export default defineRule({
  id: 'detach-partition-non-concurrently',
  summary: 'DETACH PARTITION without CONCURRENTLY takes ACCESS EXCLUSIVE on the partitioned table',
  risk: 'downtime',
  severity: 'error',
  category: 'safety',
  help: 'Use ALTER TABLE … DETACH PARTITION … CONCURRENTLY (PostgreSQL 14+), outside a transaction block.',
  checkStatement({ statement, facts, pgVersion, settings, file, transaction, statements, report }) {
    const ast = statement.ast;
    if (statement.kind !== 'AlterTableStmt' || !ast) return;
    const parent = relationName(ast.relation);
    const detach = asArray(ast.cmds)
      .map((item) => nodeOf(item, 'AlterTableCmd'))
      .find((command) => command?.subtype === 'AT_DetachPartition');
    const partitionCommand = nodeOf(detach?.def, 'PartitionCmd');
    if (!detach || !partitionCommand || partitionCommand.concurrent || facts.isNewTable(parent)) return;
    const partition = relationName(partitionCommand.name) ?? 'the partition';
    const blocks =
      `DETACH PARTITION "${partition}" takes ACCESS EXCLUSIVE on partitioned table "${parent}": every read and write on "${parent}" and all its partitions waits, ` +
      'and the lock request itself queues behind queries already running, stopping new ones until it is granted.';
    if (pgVersion < 14) {
      // Nothing better exists before 14; a lock_timeout already bounds the wait, so stay quiet then.
      if (settings.lockTimeout) return;
      report({
        severity: 'warning',
        message: `${blocks} PostgreSQL ${pgVersion} has no DETACH PARTITION CONCURRENTLY (it arrived in 14): set a short lock_timeout before it and retry on timeout, or detach in a quiet period.`,
      });
      return;
    }
    const insertion = concurrentlyInsertion(statement);
    report({
      message:
        `${blocks} Use DETACH PARTITION … CONCURRENTLY, which takes only SHARE UPDATE EXCLUSIVE on "${parent}" and lets reads and writes continue ` +
        `(it is refused when "${parent}" has a default partition).${concurrentlyNote(file, transaction, statements)}`,
      ...(insertion ? { location: insertion.location, length: insertion.length } : {}),
      fix: insertion ? { description: 'Detach concurrently (outside a transaction block)', replacement: insertion.replacement } : undefined,
    });
  },
});

/** Underlines `DETACH PARTITION name` and appends CONCURRENTLY. */
function concurrentlyInsertion(statement: SqlStatement): KeywordInsertion | undefined {
  const tokens = statementTokens(statement);
  const keyword = keywordSpan(tokens, ['DETACH', 'PARTITION']);
  const clause = keyword ? clauseSpan(tokens, keyword.start) : undefined;
  return clause ? appendKeywords(statement, clause, 'CONCURRENTLY') : undefined;
}
