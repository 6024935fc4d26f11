import { defineRule } from './api/define-rule.js';
import { asArray, nodeOf, relationName } from '../parse/sql/ast.js';
import type { SqlStatement } from '../parse/sql/parse-sql.js';
import { isNewColumn } from './support/added-columns.js';
import { findInStatement, identifierPattern, type TextSpan } from './support/statement-text.js';

/**
 * DROP COLUMN deletes the column's values for good, and the application version that is still
 * running keeps naming the column until the new version has replaced it everywhere.
 */
export default defineRule({
  id: 'drop-column',
  summary: 'DROP COLUMN on an existing table deletes its data and breaks code that still uses the column',
  risk: 'destructive',
  severity: 'error',
  category: 'safety',
  help: 'Stop reading and writing the column in the application, deploy that, then drop the column in a later release.',
  checkStatement({ statement, statements, facts, report }) {
    const ast = statement.ast;
    if (statement.kind !== 'AlterTableStmt' || !ast || ast.objtype !== 'OBJECT_TABLE') return;
    const table = relationName(ast.relation);
    if (!table || facts.isNewTable(table)) return;
    let searchFrom = 0;
    for (const item of asArray(ast.cmds)) {
      const command = nodeOf(item, 'AlterTableCmd');
      if (command?.subtype !== 'AT_DropColumn' || typeof command.name !== 'string') continue;
      const span = dropClause(statement, command.name, searchFrom);
      if (span) searchFrom = span.location + 1;
      if (isNewColumn(facts, statements, statement.index, table, command.name)) continue;
      report({
        message: message(table, command.name, command.behavior === 'DROP_CASCADE'),
        location: span?.location,
        length: span?.length,
      });
    }
  },
});

function dropClause(statement: SqlStatement, column: string, fromByte: number): TextSpan | undefined {
  const pattern = new RegExp(`\\bDROP\\s+(?:COLUMN\\s+)?(?:IF\\s+EXISTS\\s+)?${identifierPattern(column)}`, 'i');
  return findInStatement(statement, pattern, fromByte);
}

function message(table: string, column: string, cascade: boolean): string {
  const cascadeNote = cascade ? ' CASCADE also drops the views, indexes and constraints that depend on it.' : '';
  return (
    `DROP COLUMN "${column}" deletes every value of the column on existing table "${table}" for good, ` +
    `and the application version still running fails as soon as it reads or writes "${column}" ` +
    `(ORMs that list every mapped column do so on each query).${cascadeNote} ` +
    `The drop itself only changes the catalogue, but it waits for an ACCESS EXCLUSIVE lock on "${table}". ` +
    `Remove every use of the column from the code, deploy that, and drop it in a later release.`
  );
}
