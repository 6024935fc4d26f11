import type { SqlStatement } from '../../parse/sql/parse-sql.js';
import { asArray, nodeOf, relationName, stringList, type AstObject } from '../../parse/sql/ast.js';

/**
 * The column lists of a table's indexes as one migration file defines them: CREATE INDEX, and the
 * indexes behind PRIMARY KEY and UNIQUE constraints (in CREATE TABLE or ALTER TABLE). SchemaFacts
 * records index names only; rules that ask "is this column searchable by an index?" need the
 * columns, in index order. Expression columns end a list: only the plain leading columns count.
 */
export function indexedColumnLists(statements: readonly SqlStatement[], table: string): string[][] {
  const lists: string[][] = [];
  for (const statement of statements) {
    const ast = statement.ast;
    if (!ast || relationName(ast.relation) !== table) continue;
    if (statement.kind === 'IndexStmt') lists.push(indexStatementColumns(ast));
    if (statement.kind === 'CreateStmt') lists.push(...createTableKeys(ast));
    if (statement.kind === 'AlterTableStmt') lists.push(...alterTableKeys(ast, statements));
  }
  return lists.filter((list) => list.length > 0);
}

/** True when the first columns of one of the lists are exactly `columns`, in any order. */
export function hasLeadingColumns(lists: readonly string[][], columns: readonly string[]): boolean {
  const wanted = new Set(columns);
  return lists.some((list) => list.length >= wanted.size && list.slice(0, wanted.size).every((column) => wanted.has(column)));
}

function indexStatementColumns(ast: AstObject): string[] {
  const columns: string[] = [];
  for (const parameter of asArray(ast.indexParams)) {
    const name = nodeOf(parameter, 'IndexElem')?.name;
    if (typeof name !== 'string') break;
    columns.push(name);
  }
  return columns;
}

function isKeyConstraint(constraint: AstObject | undefined): constraint is AstObject {
  return constraint?.contype === 'CONSTR_PRIMARY' || constraint?.contype === 'CONSTR_UNIQUE';
}

function createTableKeys(ast: AstObject): string[][] {
  const lists: string[][] = [];
  for (const element of asArray(ast.tableElts)) {
    const column = nodeOf(element, 'ColumnDef');
    if (column) lists.push(...columnKeys(column));
    const constraint = nodeOf(element, 'Constraint');
    if (isKeyConstraint(constraint)) lists.push(stringList(constraint.keys));
  }
  return lists;
}

function columnKeys(column: AstObject): string[][] {
  const keyed = asArray(column.constraints).some((item) => isKeyConstraint(nodeOf(item, 'Constraint')));
  return keyed ? [[String(column.colname)]] : [];
}

function alterTableKeys(ast: AstObject, statements: readonly SqlStatement[]): string[][] {
  const lists: string[][] = [];
  for (const item of asArray(ast.cmds)) {
    const command = nodeOf(item, 'AlterTableCmd');
    if (command?.subtype === 'AT_AddColumn') {
      const column = nodeOf(command.def, 'ColumnDef');
      if (column) lists.push(...columnKeys(column));
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
  return statement?.ast ? indexStatementColumns(statement.ast) : [];
}
