import { asArray, nodeOf, relationName } from '../../parse/sql/ast.js';
import type { SqlStatement } from '../../parse/sql/parse-sql.js';
import { isTransactionBoundary } from './current-transaction.js';

/**
 * The statement, later in the same transaction, that adds a constraint to `table` (ADD CONSTRAINT,
 * SET NOT NULL, CREATE UNIQUE INDEX): a data change before it on that table is most likely the
 * cleanup the constraint needs (the rows it would reject deleted or filled in first), and the two
 * belong together.
 */
export function constraintAddedLater(
  statement: SqlStatement,
  statements: readonly SqlStatement[],
  table: string,
): SqlStatement | undefined {
  for (const later of statements.slice(statement.index + 1)) {
    if (isTransactionBoundary(later)) return undefined;
    if (addsConstraintOn(later, table)) return later;
  }
  return undefined;
}

const CONSTRAINT_COMMANDS = new Set(['AT_AddConstraint', 'AT_SetNotNull']);

function addsConstraintOn(statement: SqlStatement, table: string): boolean {
  const ast = statement.ast;
  if (!ast || relationName(ast.relation) !== table) return false;
  if (statement.kind === 'IndexStmt') return ast.unique === true;
  if (statement.kind !== 'AlterTableStmt') return false;
  return asArray(ast.cmds).some((command) => CONSTRAINT_COMMANDS.has(String(nodeOf(command, 'AlterTableCmd')?.subtype)));
}
