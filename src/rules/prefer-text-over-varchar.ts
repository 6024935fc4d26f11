import { defineRule } from './api/define-rule.js';
import { newColumns } from './support/new-columns.js';

/**
 * In PostgreSQL varchar(n) is text plus a length check. Limits picked by habit (255) are not business
 * rules; real ones read better, and change more cheaply, as a CHECK constraint.
 */
export default defineRule({
  id: 'prefer-text-over-varchar',
  summary: 'varchar(n) is no faster than text; a length limit is better expressed as a CHECK',
  risk: 'safe',
  severity: 'notice',
  category: 'design',
  help: 'Use text; where the length limit is a business rule, add CHECK (char_length(col) <= n).',
  checkStatement({ statement, report }) {
    for (const column of newColumns(statement)) {
      if (column.type.name !== 'varchar' || column.type.modifiers.length === 0) continue;
      const limit = column.type.modifiers[0];
      report({
        message:
          `Column "${column.name}" of "${column.tableAsWritten}" is ${column.type.text}: PostgreSQL stores varchar exactly like text, so the limit ` +
          `buys no speed or space, and lowering it later rewrites the table. Use text, with CHECK (char_length("${column.name}") <= ${limit}) ` +
          `if ${limit} characters is a real business rule.`,
        location: column.typeLocation,
      });
    }
  },
});
