import type { SqlStatement } from '../../parse/sql/parse-sql.js';
import { reindexIsConcurrent } from '../../analysis/statement-locks.js';
import { asArray, nodeOf } from '../../parse/sql/ast.js';

/**
 * Statements that use CONCURRENTLY: they avoid blocking reads and writes by working across several
 * transactions, which is why PostgreSQL refuses to run them inside a transaction block.
 */
export function concurrentOperation(statement: SqlStatement): string | undefined {
  const ast = statement.ast;
  if (!ast) return undefined;
  switch (statement.kind) {
    case 'IndexStmt':
      return ast.concurrent ? 'CREATE INDEX CONCURRENTLY' : undefined;
    case 'DropStmt':
      return ast.removeType === 'OBJECT_INDEX' && ast.concurrent ? 'DROP INDEX CONCURRENTLY' : undefined;
    case 'ReindexStmt':
      return reindexIsConcurrent(ast) ? 'REINDEX … CONCURRENTLY' : undefined;
    case 'AlterTableStmt':
      return asArray(ast.cmds).some(isConcurrentDetach) ? 'DETACH PARTITION … CONCURRENTLY' : undefined;
    default:
      return undefined;
  }
}

function isConcurrentDetach(item: unknown): boolean {
  const command = nodeOf(item, 'AlterTableCmd');
  return command?.subtype === 'AT_DetachPartition' && !!nodeOf(command.def, 'PartitionCmd')?.concurrent;
}
