import { defineRule } from './api/define-rule.js';
import { relationName } from '../parse/sql/ast.js';

/**
 * DELETE without WHERE removes every row of the table, one by one: all of them stay locked until the
 * transaction commits, and once it has, they are gone.
 */
export default defineRule({
  id: 'delete-without-where',
  summary: 'DELETE without WHERE on an existing table deletes all its rows',
  risk: 'destructive',
  severity: 'error',
  category: 'safety',
  help: 'Add the WHERE clause that selects the rows to delete; if the table must really be emptied, archive it first and do it as a separate, acknowledged step.',
  checkStatement({ statement, facts, report }) {
    const ast = statement.ast;
    if (statement.kind !== 'DeleteStmt' || !ast || ast.whereClause) return;
    const table = relationName(ast.relation);
    if (!table || facts.isNewTable(table)) return;
    report({
      message:
        `DELETE without WHERE deletes every row of existing table "${table}" for good once the transaction commits; until then ` +
        `each deleted row stays locked, so concurrent updates of any of them wait, for a time that grows with the table. ` +
        `Add the WHERE clause you meant; if the table must really be emptied, archive it first and do it as a separate, acknowledged step.`,
    });
  },
});
