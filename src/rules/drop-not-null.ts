import { defineRule } from './define-rule.js';
import { asArray, nodeOf, relationName } from '../parse/sql/ast.js';
import { findInStatement, identifierPattern } from './support/statement-text.js';
import { isNewColumn } from './support/added-columns.js';

/**
 * DROP NOT NULL is a quick catalogue change, safe for the database. The risk is in the readers:
 * code, reports and downstream consumers written when the column could not be NULL.
 */
export default defineRule({
  id: 'drop-not-null',
  summary: 'DROP NOT NULL lets NULLs into a column that readers may assume is always set',
  risk: 'safe',
  severity: 'notice',
  category: 'safety',
  help: 'Before writing NULLs, check that every reader (application code, reports, exports, other services) handles them.',
  checkStatement({ statement, statements, facts, report }) {
    const ast = statement.ast;
    if (statement.kind !== 'AlterTableStmt' || !ast) return;
    const table = relationName(ast.relation);
    if (!table || facts.isNewTable(table)) return;
    for (const item of asArray(ast.cmds)) {
      const command = nodeOf(item, 'AlterTableCmd');
      if (command?.subtype !== 'AT_DropNotNull' || typeof command.name !== 'string') continue;
      if (isNewColumn(facts, statements, statement.index, table, command.name)) continue;
      const pattern = new RegExp(`\\bALTER\\s+(?:COLUMN\\s+)?${identifierPattern(command.name)}\\s+DROP\\s+NOT\\s+NULL`, 'i');
      const span = findInStatement(statement, pattern);
      report({
        message:
          `DROP NOT NULL on "${table}"."${command.name}" is a quick catalogue change, but once NULLs are stored, application code, ` +
          `reports and downstream consumers written when the column was always set may break (null dereferences, wrong counts and joins). ` +
          `Check every reader handles NULL before deploying code that writes it.`,
        location: span?.location,
        length: span?.length,
      });
    }
  },
});
