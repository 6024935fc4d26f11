import { defineRule } from './define-rule.js';
import { relationName } from '../parse/sql/ast.js';

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
  checkStatement({ statement, facts, pgVersion, report }) {
    const ast = statement.ast;
    if (statement.kind !== 'IndexStmt' || !ast || ast.concurrent) return;
    const table = relationName(ast.relation);
    if (facts.isNewTable(table)) return;
    const keyword = /\bINDEX\b/i.exec(statement.text);
    const buggyRelease = pgVersion === 14 ? ' (on PostgreSQL 14 use 14.4 or later: 14.0–14.3 could corrupt concurrently built indexes)' : '';
    report({
      message:
        `CREATE INDEX on existing table "${table}" takes a SHARE lock for the whole build: ` +
        `every INSERT, UPDATE and DELETE on "${table}" waits until the index is built, which grows with the table. ` +
        `Build it with CREATE INDEX CONCURRENTLY${buggyRelease}.`,
      fix: keyword
        ? {
            description: 'Build the index concurrently (run it outside a transaction block)',
            replacement: `${statement.text.slice(0, keyword.index + keyword[0].length)} CONCURRENTLY${statement.text.slice(keyword.index + keyword[0].length)}`,
          }
        : undefined,
    });
  },
});
