import { defineRule } from './api/define-rule.js';
import { relationName } from '../parse/sql/ast.js';
import { findInStatement, identifierPattern } from './support/statement-text.js';
import { isNewColumn } from './support/added-columns.js';
import { viewCreatedBefore } from './support/created-in-file.js';

/**
 * Renaming a column is instant for the database, but the application version that is running
 * still uses the old name, and fails from the moment the rename commits until it is replaced.
 */
export default defineRule({
  id: 'rename-column',
  summary: 'RENAME COLUMN on an existing table breaks the application version that is still running',
  risk: 'downtime',
  severity: 'error',
  category: 'safety',
  help: 'Expand and contract: add the new column, write both, backfill it, switch reads to it, and drop the old column in a later release.',
  checkStatement({ statement, statements, facts, report }) {
    const ast = statement.ast;
    if (statement.kind !== 'RenameStmt' || ast?.renameType !== 'OBJECT_COLUMN') return;
    const table = relationName(ast.relation);
    const column = String(ast.subname ?? '');
    const renamed = String(ast.newname ?? '');
    if (!table || facts.isNewTable(table) || viewCreatedBefore(statements, statement.index, table)) return;
    if (isNewColumn(facts, statements, statement.index, table, column)) return;
    const span = findInStatement(statement, new RegExp(`(?<=\\bRENAME\\s+(?:COLUMN\\s+)?)${identifierPattern(column)}`, 'i'));
    report({
      message:
        `Renaming column "${column}" of existing table "${table}" to "${renamed}" is instant, but the application version still running ` +
        `keeps using "${column}" and fails on every query that names it until the new version is fully deployed ` +
        `(the rename also waits for an ACCESS EXCLUSIVE lock). Expand and contract instead: add "${renamed}", write both columns, ` +
        `backfill, switch reads to "${renamed}", and drop "${column}" in a later release.`,
      location: span?.location,
      length: span?.length,
    });
  },
});
