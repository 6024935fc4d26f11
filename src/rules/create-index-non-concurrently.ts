import { defineRule } from './api/define-rule.js';
import { relationName } from '../parse/sql/ast.js';
import type { SqlStatement } from '../parse/sql/parse-sql.js';
import { concurrentlyNote } from './support/non-transactional-advice.js';
import { keywordSpan, spanText, statementTokens } from './support/statement-tokens.js';
import { inCaseOf } from './support/keyword-insertion.js';
import { tableDroppedLater } from './support/created-in-file.js';

/**
 * A plain CREATE INDEX holds a SHARE lock on the table for the whole build: reads continue, every
 * INSERT, UPDATE and DELETE waits. CONCURRENTLY builds without blocking writes.
 */
export default defineRule({
  id: 'create-index-non-concurrently',
  summary: 'CREATE INDEX on an existing table without CONCURRENTLY blocks writes for the whole build',
  risk: 'downtime',
  severity: 'error',
  category: 'safety',
  help: 'Use CREATE INDEX CONCURRENTLY, in a migration that does not run inside a transaction.',
  checkStatement({ statement, facts, pgVersion, file, transaction, statements, report }) {
    const ast = statement.ast;
    if (statement.kind !== 'IndexStmt' || !ast || ast.concurrent) return;
    const table = relationName(ast.relation);
    // Partitioned parents cannot be indexed concurrently: partitioned-table-index explains the per-partition way.
    if (facts.isNewTable(table) || facts.tables.get(table ?? '')?.partitioned) return;
    if (tableDroppedLater(statements, statement.index, table)) return;
    const buggyRelease =
      pgVersion === 14 ? ' (on PostgreSQL 14 use 14.4 or later: 14.0–14.3 could corrupt concurrently built indexes)' : '';
    report({
      message:
        `CREATE INDEX on existing table "${table}" takes a SHARE lock for the whole build: ` +
        `every INSERT, UPDATE and DELETE on "${table}" waits until the index is built, which grows with the table. ` +
        `Build it with CREATE INDEX CONCURRENTLY${buggyRelease}.${concurrentlyNote(file, transaction, statements)}`,
      fix: concurrentlyFix(statement),
    });
  },
});

/** The whole statement with CONCURRENTLY after its INDEX keyword (comments and names cannot fool the scanner). */
function concurrentlyFix(statement: SqlStatement) {
  const tokens = statementTokens(statement);
  const keyword = keywordSpan(tokens, ['INDEX']);
  if (!keyword) return undefined;
  const head = spanText(statement, { start: 0, end: keyword.end });
  const tail = statement.text.slice(head.length);
  return {
    description: 'Build the index concurrently (run it outside a transaction block)',
    replacement: `${head} ${inCaseOf(spanText(statement, keyword), 'CONCURRENTLY')}${tail}`,
  };
}
