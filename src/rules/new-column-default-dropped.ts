import { defineRule } from './api/define-rule.js';
import type { SchemaFacts } from '../analysis/schema-facts.js';
import type { SqlStatement } from '../parse/sql/parse-sql.js';
import { asArray, nodeOf, relationName } from '../parse/sql/ast.js';
import { addedColumnDefinition } from './support/added-columns.js';
import { alterTableCommands, columnConstraints, isNullConstant } from './support/alter-table.js';
import { findInStatement, identifierPattern } from './support/statement-text.js';

/**
 * `ADD COLUMN c … NOT NULL DEFAULT x` followed by `ALTER COLUMN c DROP DEFAULT` (Django's AddField
 * with preserve_default=False, Rails' add_column + change_column_default) is quick for the
 * database, but the version of the application running during the deploy does not know the
 * column: its INSERTs leave it out and fail with a NOT NULL violation until the new code is out.
 */
export default defineRule({
  id: 'new-column-default-dropped',
  summary: 'Dropping the default of a NOT NULL column added in the same change makes the running version’s INSERTs fail',
  risk: 'downtime',
  severity: 'error',
  category: 'safety',
  help: 'Keep the default until every running version of the application writes the column; drop it in a later release.',
  checkStatement({ statement, statements, facts, report }) {
    const alter = alterTableCommands(statement);
    if (!alter || facts.isNewTable(alter.table)) return;
    for (const command of alter.commands) {
      if (command.subtype !== 'AT_ColumnDefault' || typeof command.name !== 'string') continue;
      if (command.def !== undefined && !isNullConstant(command.def)) continue;
      if (!addedNotNullInChange(facts, statements, statement.index, alter.table, command.name)) continue;
      if (defaultSetAgainLater(statements, statement.index, alter.table, command.name)) continue;
      const pattern = new RegExp(`${identifierPattern(command.name)}\\s+(?:DROP\\s+DEFAULT|SET\\s+DEFAULT\\s+NULL)`, 'i');
      const span = findInStatement(statement, pattern);
      report({
        message:
          `"${command.name}" was added NOT NULL to existing table "${alter.tableAsWritten}" in this change, and dropping its default now makes every INSERT ` +
          `that leaves it out fail with a NOT NULL violation. The application version running while this deploys does not know the column, ` +
          `so its INSERTs fail from this migration until the new code is out everywhere. Keep the default now and drop it in a later release, ` +
          `once every running version writes "${command.name}".`,
        location: span?.location,
        length: span?.length,
      });
    }
  },
});

/** The column was added in this change with NOT NULL (earlier in this file, or in an earlier migration of the change). */
function addedNotNullInChange(
  facts: SchemaFacts,
  statements: readonly SqlStatement[],
  before: number,
  table: string,
  column: string,
): boolean {
  const known = facts.column(table, column);
  if (known?.origin === 'change' && known.notNull) return true;
  // Up to this statement itself: `ADD COLUMN c …, ALTER COLUMN c DROP DEFAULT` in one ALTER TABLE.
  return statements.slice(0, before + 1).some((statement) => addsNotNullColumn(statement, table, column));
}

/** A later statement of the file gives the column a default again: the migration ends with one. */
function defaultSetAgainLater(statements: readonly SqlStatement[], after: number, table: string, column: string): boolean {
  return statements.slice(after + 1).some(
    (statement) =>
      statement.kind === 'AlterTableStmt' &&
      relationName(statement.ast?.relation) === table &&
      asArray(statement.ast?.cmds).some((item) => {
        const command = nodeOf(item, 'AlterTableCmd');
        return (
          command?.subtype === 'AT_ColumnDefault' && command.name === column && command.def !== undefined && !isNullConstant(command.def)
        );
      }),
  );
}

function addsNotNullColumn(statement: SqlStatement, table: string, column: string): boolean {
  const definition = addedColumnDefinition(statement, table, column);
  return (
    definition !== undefined &&
    columnConstraints(definition).some((constraint) => ['CONSTR_NOTNULL', 'CONSTR_PRIMARY'].includes(String(constraint.contype)))
  );
}
