import type { SqlStatement } from '../../parse/sql/parse-sql.js';
import { asArray, nodeOf, relationName, stringList, type AstObject } from '../../parse/sql/ast.js';

/**
 * Constraints an ALTER TABLE statement adds, whether as `ADD [CONSTRAINT …] …` or attached to a
 * column in `ADD COLUMN`, with what the constraint rules need to judge them.
 */

export interface AddedConstraint {
  table: string;
  /** The Constraint node's fields (contype, conname, keys, skip_validation, location …). */
  constraint: AstObject;
  /** Set when the constraint belongs to a column added by the same ADD COLUMN. */
  column?: string;
  /** Whether that column is added with a DEFAULT clause (even DEFAULT NULL). */
  columnHasDefault?: boolean;
  /** `ALTER TABLE ONLY …`: the command does not recurse to partitions. */
  only: boolean;
}

/** Constraints added by an ALTER TABLE on a table (foreign tables do not check their constraints). */
export function addedConstraints(statement: SqlStatement): AddedConstraint[] {
  const ast = statement.ast;
  if (statement.kind !== 'AlterTableStmt' || !ast || ast.objtype !== 'OBJECT_TABLE') return [];
  const table = relationName(ast.relation);
  if (!table) return [];
  const only = (ast.relation as AstObject | undefined)?.inh !== true;
  const found: AddedConstraint[] = [];
  for (const item of asArray(ast.cmds)) {
    const command = nodeOf(item, 'AlterTableCmd');
    if (command?.subtype === 'AT_AddConstraint') {
      const constraint = nodeOf(command.def, 'Constraint');
      if (constraint) found.push({ table, constraint, only });
    } else if (command?.subtype === 'AT_AddColumn') {
      const column = nodeOf(command.def, 'ColumnDef');
      const constraints = asArray(column?.constraints)
        .map((element) => nodeOf(element, 'Constraint'))
        .filter((item) => item !== undefined);
      const columnHasDefault = column?.raw_default !== undefined || constraints.some((item) => item.contype === 'CONSTR_DEFAULT');
      for (const constraint of constraints) found.push({ table, constraint, column: String(column?.colname), columnHasDefault, only });
    }
  }
  return found;
}

/** `"name" ` for messages, or an empty string for an unnamed constraint. */
export function constraintLabel(constraint: AstObject): string {
  return typeof constraint.conname === 'string' ? `"${constraint.conname}" ` : '';
}

/** Key columns of a UNIQUE / PRIMARY KEY constraint (the column itself for a column constraint). */
export function constraintColumns(added: AddedConstraint): string[] {
  const keys = stringList(added.constraint.keys);
  return keys.length > 0 ? keys : added.column ? [added.column] : [];
}
