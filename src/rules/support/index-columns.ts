import type { SqlStatement } from '../../parse/sql/parse-sql.js';
import { asArray, nodeOf, relationName, stringList, type AstObject } from '../../parse/sql/ast.js';
import { columnDefinitionKeys, indexColumns, isKeyConstraint } from '../../analysis/key-columns.js';

/**
 * The column lists of a table's indexes as one migration file defines them: CREATE INDEX, and the
 * indexes behind PRIMARY KEY and UNIQUE constraints (in CREATE TABLE or ALTER TABLE), wherever they
 * stand in the file — SchemaFacts only knows what came before the statement being checked.
 * Expression columns end a list: only the plain leading columns count.
 */
export function indexedColumnLists(statements: readonly SqlStatement[], table: string): string[][] {
  const lists: string[][] = [];
  for (const statement of statements) {
    const ast = statement.ast;
    if (!ast || relationName(ast.relation) !== table) continue;
    if (statement.kind === 'IndexStmt') lists.push(indexColumns(ast));
    if (statement.kind === 'CreateStmt') lists.push(...createTableKeys(ast));
    if (statement.kind === 'AlterTableStmt') lists.push(...alterTableKeys(ast, statements));
  }
  return lists.filter((list) => list.length > 0);
}

function createTableKeys(ast: AstObject): string[][] {
  const lists: string[][] = [];
  for (const element of asArray(ast.tableElts)) {
    const column = nodeOf(element, 'ColumnDef');
    if (column) lists.push(...columnDefinitionKeys(column));
    const constraint = nodeOf(element, 'Constraint');
    if (isKeyConstraint(constraint)) lists.push(stringList(constraint.keys));
  }
  return lists;
}

function alterTableKeys(ast: AstObject, statements: readonly SqlStatement[]): string[][] {
  const lists: string[][] = [];
  for (const item of asArray(ast.cmds)) {
    const command = nodeOf(item, 'AlterTableCmd');
    if (command?.subtype === 'AT_AddColumn') {
      const column = nodeOf(command.def, 'ColumnDef');
      if (column) lists.push(...columnDefinitionKeys(column));
    }
    const constraint = command?.subtype === 'AT_AddConstraint' ? nodeOf(command.def, 'Constraint') : undefined;
    if (!isKeyConstraint(constraint)) continue;
    lists.push(
      typeof constraint.indexname === 'string' ? namedIndexColumns(constraint.indexname, statements) : stringList(constraint.keys),
    );
  }
  return lists;
}

/** Columns of an index created in the file by name (for `… UNIQUE USING INDEX name`). */
function namedIndexColumns(name: string, statements: readonly SqlStatement[]): string[] {
  const statement = statements.find((candidate) => candidate.kind === 'IndexStmt' && candidate.ast?.idxname === name);
  return statement?.ast ? indexColumns(statement.ast) : [];
}
