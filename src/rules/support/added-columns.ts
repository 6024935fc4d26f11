import type { SchemaFacts } from '../../analysis/schema-facts.js';
import type { SqlStatement } from '../../parse/sql/parse-sql.js';
import { asArray, nodeOf, relationName, type AstObject } from '../../parse/sql/ast.js';

/**
 * Whether a column is new in the change, so it holds no production data and no running code uses
 * it yet. SchemaFacts records columns only for tables it knows; a column added to a table the
 * reviewer gave no base schema for is found in the file's earlier statements instead.
 */
export function isNewColumn(
  facts: SchemaFacts,
  statements: readonly SqlStatement[],
  before: number,
  table: string,
  column: string,
): boolean {
  if (facts.column(table, column)?.origin === 'change') return true;
  return statements.slice(0, before).some((statement) => addsColumn(statement, table, column));
}

function addsColumn(statement: SqlStatement, table: string, column: string): boolean {
  return addedColumnDefinition(statement, table, column) !== undefined;
}

/** The ColumnDef of `ALTER TABLE table ADD COLUMN column …` in this statement, if it adds that column. */
export function addedColumnDefinition(statement: SqlStatement, table: string, column: string): AstObject | undefined {
  if (statement.kind !== 'AlterTableStmt' || relationName(statement.ast?.relation) !== table) return undefined;
  for (const item of asArray(statement.ast?.cmds)) {
    const command = nodeOf(item, 'AlterTableCmd');
    const definition = command?.subtype === 'AT_AddColumn' ? nodeOf(command.def, 'ColumnDef') : undefined;
    if (definition?.colname === column) return definition;
  }
  return undefined;
}
