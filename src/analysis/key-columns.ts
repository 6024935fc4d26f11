import { asArray, nodeOf, stringList, type AstObject } from '../parse/sql/ast.js';

/**
 * Column lists of indexes and of the keys that create one (PRIMARY KEY, UNIQUE), and the columns a
 * constraint proves non-null. Shared by SchemaFacts and by rules that read a single statement.
 */

/** Plain leading columns of CREATE INDEX, in index order; an expression column ends the list. */
export function indexColumns(indexStatement: AstObject): string[] {
  const columns: string[] = [];
  for (const parameter of asArray(indexStatement.indexParams)) {
    const name = nodeOf(parameter, 'IndexElem')?.name;
    if (typeof name !== 'string') break;
    columns.push(name);
  }
  return columns;
}

export function isKeyConstraint(constraint: AstObject | undefined): constraint is AstObject {
  return constraint?.contype === 'CONSTR_PRIMARY' || constraint?.contype === 'CONSTR_UNIQUE';
}

/** Key column lists declared by a column definition (`id bigint PRIMARY KEY`, `email text UNIQUE`). */
export function columnDefinitionKeys(column: AstObject): string[][] {
  const keyed = asArray(column.constraints).some((item) => isKeyConstraint(nodeOf(item, 'Constraint')));
  return keyed ? [[String(column.colname)]] : [];
}

/** True when the first columns of one of the lists are exactly `columns`, in any order. */
export function hasLeadingColumns(lists: readonly string[][], columns: readonly string[]): boolean {
  const wanted = new Set(columns);
  return lists.some((list) => list.length >= wanted.size && list.slice(0, wanted.size).every((column) => wanted.has(column)));
}

/** Columns a constraint proves non-null: `CHECK (a IS NOT NULL [AND …])` or PostgreSQL 18 `NOT NULL a`. */
export function notNullProofColumns(constraint: AstObject): string[] {
  if (constraint.contype === 'CONSTR_NOTNULL') return stringList(constraint.keys);
  if (constraint.contype !== 'CONSTR_CHECK') return [];
  return notNullTests(constraint.raw_expr);
}

function notNullTests(expression: unknown): string[] {
  const test = nodeOf(expression, 'NullTest');
  if (test) {
    const fields = stringList(nodeOf(test.arg, 'ColumnRef')?.fields);
    return test.nulltesttype === 'IS_NOT_NULL' && fields.length > 0 ? [fields[fields.length - 1]!] : [];
  }
  const boolean = nodeOf(expression, 'BoolExpr');
  if (boolean?.boolop === 'AND_EXPR') return asArray(boolean.args).flatMap(notNullTests);
  return [];
}

/** PostgreSQL's name for an unnamed CHECK / NOT NULL constraint: `<table>_<first column>_check` / `_not_null`. */
export function defaultConstraintName(table: string, column: string, constraint: AstObject): string {
  const shortTable = table.slice(table.lastIndexOf('.') + 1);
  return `${shortTable}_${column}_${constraint.contype === 'CONSTR_NOTNULL' ? 'not_null' : 'check'}`;
}
