import type { SqlStatement } from '../../parse/sql/parse-sql.js';
import { asArray, nodeOf, relationName, stringList, type AstObject } from '../../parse/sql/ast.js';
import { alterTableCommands } from './alter-table.js';

/**
 * Which constraints earlier in a file prove that a column holds no nulls: a validated
 * `CHECK (col IS NOT NULL)` (PostgreSQL 12+ then skips SET NOT NULL's scan) or a validated
 * PostgreSQL 18 `NOT NULL col` constraint. Tracks ADD CONSTRAINT, VALIDATE CONSTRAINT and
 * DROP CONSTRAINT in order, so a check that was dropped again proves nothing.
 */

interface NotNullProof {
  table: string;
  columns: string[];
  validated: boolean;
}

/** The validated proofs that `column` of `table` is not null, from the statements before `beforeIndex`. */
export function hasValidatedNotNullProof(statements: readonly SqlStatement[], beforeIndex: number, table: string, column: string): boolean {
  const proofs = new Map<string, NotNullProof>();
  for (const statement of statements.slice(0, beforeIndex)) {
    const alter = alterTableCommands(statement);
    if (!alter) continue;
    for (const command of alter.commands) applyCommand(proofs, alter.table, relationShortName(statement), command);
  }
  return [...proofs.values()].some((proof) => proof.validated && proof.table === table && proof.columns.includes(column));
}

function applyCommand(proofs: Map<string, NotNullProof>, table: string, shortName: string, command: AstObject): void {
  const key = (name: string): string => `${table}\u0000${name}`;
  if (command.subtype === 'AT_AddConstraint') {
    const constraint = nodeOf(command.def, 'Constraint');
    const columns = constraint ? provenColumns(constraint) : [];
    if (!constraint || columns.length === 0) return;
    const name = typeof constraint.conname === 'string' ? constraint.conname : defaultConstraintName(shortName, columns[0]!, constraint);
    proofs.set(key(name), { table, columns, validated: !constraint.skip_validation });
  } else if (command.subtype === 'AT_ValidateConstraint' && typeof command.name === 'string') {
    const proof = proofs.get(key(command.name));
    if (proof) proof.validated = true;
  } else if (command.subtype === 'AT_DropConstraint' && typeof command.name === 'string') {
    proofs.delete(key(command.name));
  }
}

/** Columns a constraint proves non-null: `CHECK (a IS NOT NULL [AND …])` or PostgreSQL 18 `NOT NULL a`. */
function provenColumns(constraint: AstObject): string[] {
  if (constraint.contype === 'CONSTR_NOTNULL') return stringList(constraint.keys);
  if (constraint.contype !== 'CONSTR_CHECK') return [];
  return notNullTests(constraint.raw_expr);
}

/** Columns tested IS NOT NULL at the top level of an expression or of its AND branches. */
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

/** PostgreSQL's name for an unnamed constraint: `<table>_<first column>_check` / `_not_null`. */
function defaultConstraintName(table: string, column: string, constraint: AstObject): string {
  return `${table}_${column}_${constraint.contype === 'CONSTR_NOTNULL' ? 'not_null' : 'check'}`;
}

function relationShortName(statement: SqlStatement): string {
  const name = relationName(statement.ast?.relation) ?? '';
  return name.slice(name.lastIndexOf('.') + 1);
}
