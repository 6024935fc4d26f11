import type { SqlStatement } from '../../parse/sql/parse-sql.js';
import { asArray, dottedName, nodeOf, relationName } from '../../parse/sql/ast.js';

/**
 * Objects SchemaFacts does not track (views, schemas), recognised as new when an earlier statement
 * of the same file created them.
 */

export function viewCreatedBefore(statements: readonly SqlStatement[], before: number, name: string): boolean {
  return statements.slice(0, before).some((statement) => statement.kind === 'ViewStmt' && relationName(statement.ast?.view) === name);
}

export function schemaCreatedBefore(statements: readonly SqlStatement[], before: number, name: string): boolean {
  return statements.slice(0, before).some((statement) => statement.kind === 'CreateSchemaStmt' && statement.ast?.schemaname === name);
}

/**
 * A later statement of the same file drops the table: asking for CONCURRENTLY on its indexes is
 * pointless, the DROP TABLE takes ACCESS EXCLUSIVE anyway (and is the finding that matters).
 */
export function tableDroppedLater(statements: readonly SqlStatement[], after: number, table: string | undefined): boolean {
  if (!table) return false;
  const bare = table.replace(/^public\./, '');
  return statements
    .slice(after + 1)
    .some(
      (statement) =>
        statement.kind === 'DropStmt' &&
        statement.ast?.removeType === 'OBJECT_TABLE' &&
        asArray(statement.ast.objects).some(
          (object) => dottedName(nodeOf(object, 'List')?.items ?? object)?.replace(/^public\./, '') === bare,
        ),
    );
}
