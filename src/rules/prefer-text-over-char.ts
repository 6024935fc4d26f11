import { defineRule } from './api/define-rule.js';
import { newColumns } from './support/new-columns.js';

/** char(n) pads with spaces and ignores trailing spaces in comparisons; it is never faster than text. */
export default defineRule({
  id: 'prefer-text-over-char',
  summary: 'char(n) pads values with spaces; use text (with a CHECK if the length matters)',
  risk: 'safe',
  severity: 'notice',
  category: 'design',
  help: 'Use text, or varchar(n) / text with CHECK (char_length(col) = n) when the length is a real rule.',
  checkStatement({ statement, report }) {
    for (const column of newColumns(statement)) {
      if (column.type.name !== 'char') continue;
      const length = column.type.modifiers[0] ?? 1;
      report({
        message:
          `Column "${column.name}" of "${column.tableAsWritten}" is ${column.type.text}: values shorter than ${length} characters are padded with spaces, trailing spaces ` +
          `are ignored in comparisons but not by LIKE, regular expressions or clients, and it is no faster than text in PostgreSQL. ` +
          `Use text, with CHECK (char_length("${column.name}") = ${length}) if the fixed length is a real rule.`,
        location: column.typeLocation,
      });
    }
  },
});
