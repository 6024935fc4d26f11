import type { SqlStatement } from '../../parse/sql/parse-sql.js';
import { relationName } from '../../parse/sql/ast.js';

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
