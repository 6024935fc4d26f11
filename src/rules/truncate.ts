import { defineRule } from './api/define-rule.js';
import { asArray, relationName } from '../parse/sql/ast.js';

/**
 * TRUNCATE empties tables at once, without scanning them, and the rows cannot be recovered. With
 * CASCADE it also empties every table whose foreign keys reference them, recursively.
 */
export default defineRule({
  id: 'truncate',
  summary: 'TRUNCATE on an existing table deletes all its rows',
  risk: 'destructive',
  severity: 'error',
  category: 'safety',
  help: 'Do not empty production tables in a schema migration; if the data really must go, archive it first and do it as a separate, acknowledged step.',
  checkStatement({ statement, facts, report }) {
    const ast = statement.ast;
    if (statement.kind !== 'TruncateStmt' || !ast) return;
    const existing = asArray(ast.relations)
      .map((relation) => relationName(relation))
      .filter((name): name is string => !!name && !facts.isNewTable(name));
    if (existing.length === 0) return;
    const tables = existing.map((name) => `"${name}"`).join(', ');
    const cascadeNote =
      ast.behavior === 'DROP_CASCADE'
        ? ` CASCADE also empties every table with a foreign key to ${existing.length > 1 ? 'them' : 'it'}, and the tables referencing those, recursively: ` +
          'rows you never named are deleted too.'
        : '';
    report({
      message:
        `TRUNCATE deletes every row of existing table${existing.length > 1 ? 's' : ''} ${tables} for good (no WHERE, no per-row undo), ` +
        `holding an ACCESS EXCLUSIVE lock until the transaction ends.${cascadeNote} ` +
        `If the data really must go, archive it first (pg_dump --table or a copy table) and run this as a separate, acknowledged step.`,
    });
  },
});
