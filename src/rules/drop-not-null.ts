import { defineRule } from './api/define-rule.js';
import { alterTableCommands } from './support/alter-table.js';
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
    const alter = alterTableCommands(statement);
    if (!alter || facts.isNewTable(alter.table)) return;
    const { table } = alter;
    for (const command of alter.commands) {
      if (command.subtype !== 'AT_DropNotNull' || typeof command.name !== 'string') continue;
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
