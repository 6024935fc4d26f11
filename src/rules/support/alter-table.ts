import type { SqlStatement } from '../../parse/sql/parse-sql.js';
import { asArray, nodeOf, relationName, type AstObject } from '../../parse/sql/ast.js';

/**
 * Readers for ALTER TABLE statements and column definitions, shared by the column rules: which
 * table a statement alters, its sub-commands, and a column definition's constraints and default.
 */

export interface AlterTableCommands {
  /** Normalised table name (see relationName). */
  table: string;
  /** The table name as written, for messages. */
  tableAsWritten: string;
  /** The AlterTableCmd nodes, unwrapped. */
  commands: AstObject[];
}

/** The ALTER TABLE statement's table and sub-commands; undefined for other statements. */
export function alterTableCommands(statement: SqlStatement): AlterTableCommands | undefined {
  const ast = statement.ast;
  if (statement.kind !== 'AlterTableStmt' || !ast || (ast.objtype !== undefined && ast.objtype !== 'OBJECT_TABLE')) return undefined;
  const table = relationName(ast.relation);
  if (!table) return undefined;
  const commands = asArray(ast.cmds)
    .map((item) => nodeOf(item, 'AlterTableCmd'))
    .filter((command): command is AstObject => !!command);
  return { table, tableAsWritten: writtenRelationName(ast.relation), commands };
}

/** `schema.table` as the statement names it (public kept when written), for messages. */
export function writtenRelationName(rangeVar: unknown): string {
  const fields = nodeOf(rangeVar, 'RangeVar') ?? (rangeVar as AstObject | undefined) ?? {};
  const parts = [fields.schemaname, fields.relname].filter((part): part is string => typeof part === 'string');
  return parts.join('.');
}

/** The column definition of an ADD COLUMN command. */
export function addedColumn(command: AstObject): AstObject | undefined {
  return command.subtype === 'AT_AddColumn' ? nodeOf(command.def, 'ColumnDef') : undefined;
}

/** The constraints written on a column definition (NOT NULL, DEFAULT, IDENTITY, GENERATED …), unwrapped. */
export function columnConstraints(column: AstObject): AstObject[] {
  return asArray(column.constraints)
    .map((item) => nodeOf(item, 'Constraint'))
    .filter((constraint): constraint is AstObject => !!constraint);
}

export function findConstraint(column: AstObject, contype: string): AstObject | undefined {
  return columnConstraints(column).find((constraint) => constraint.contype === contype);
}

/** The DEFAULT constraint's expression; undefined when there is none or it is DEFAULT NULL. */
export function defaultExpression(column: AstObject): unknown {
  const expression = findConstraint(column, 'CONSTR_DEFAULT')?.raw_expr;
  return isNullConstant(expression) ? undefined : expression;
}

/** `NULL`, possibly cast (`NULL::text`): a default that changes nothing. */
export function isNullConstant(expression: unknown): boolean {
  const cast = nodeOf(expression, 'TypeCast');
  if (cast) return isNullConstant(cast.arg);
  return nodeOf(expression, 'A_Const')?.isnull === true;
}

/** Byte location of the column definition (its name), for underlining. */
export function columnLocation(column: AstObject): number | undefined {
  return typeof column.location === 'number' ? column.location : undefined;
}
