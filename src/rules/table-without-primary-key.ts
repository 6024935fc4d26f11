import { defineRule } from './api/define-rule.js';
import { asArray, nodeOf, relationName, walkNodes, type AstObject } from '../parse/sql/ast.js';
import type { SqlStatement } from '../parse/sql/parse-sql.js';
import { relationSpan } from './support/relation-span.js';

/**
 * A table without a primary key cannot be replicated logically (UPDATE and DELETE need a replica
 * identity), cannot be addressed row by row by ORMs, and gathers duplicates nobody can clean up.
 */
export default defineRule({
  id: 'table-without-primary-key',
  summary: 'CREATE TABLE without a primary key',
  risk: 'safe',
  severity: 'warning',
  category: 'design',
  help: 'Give the table a primary key: "id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY", or PRIMARY KEY over its natural key.',
  checkStatement({ statement, statements, file, report }) {
    const ast = statement.ast;
    if (statement.kind !== 'CreateStmt' || !ast || !isPlainTable(ast)) return;
    const table = relationName(ast.relation);
    if (!table || hasPrimaryKey(ast.tableElts) || primaryKeyAddedLater(statements.slice(statement.index + 1), table)) return;
    const partitioned = ast.partspec ? ' (on a partitioned table it must include the partition key columns)' : '';
    report({
      message:
        `Table "${table}" has no primary key: logical replication cannot replicate its UPDATEs and DELETEs (without REPLICA IDENTITY FULL), ` +
        `ORMs and tools cannot address a single row, and duplicate rows can neither be prevented nor cleaned up easily. ` +
        (file.tool === 'prisma'
          ? 'In schema.prisma give the model `id BigInt @id @default(autoincrement())`, or @@id([…]) over its natural key, then run prisma migrate dev again.'
          : `Add one: "id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY", or PRIMARY KEY over the natural key${partitioned}.`),
      ...relationSpan(statement, ast.relation),
    });
  },
});

/**
 * Temporary tables, partitions, inheritance children, typed and LIKE-copied tables are left alone,
 * and so are tables partitioned by an expression, which PostgreSQL cannot give a primary key.
 */
function isPlainTable(ast: AstObject): boolean {
  if ((ast.relation as AstObject | undefined)?.relpersistence === 't') return false;
  if (ast.partbound || ast.ofTypename || asArray(ast.inhRelations).length > 0) return false;
  const partitionKeys = asArray((ast.partspec as AstObject | undefined)?.partParams);
  if (partitionKeys.some((key) => nodeOf(key, 'PartitionElem')?.expr !== undefined)) return false;
  return !asArray(ast.tableElts).some((element) => !!nodeOf(element, 'TableLikeClause'));
}

function hasPrimaryKey(elements: unknown): boolean {
  let found = false;
  walkNodes(elements, (kind, fields) => {
    if (kind === 'Constraint' && fields.contype === 'CONSTR_PRIMARY') found = true;
  });
  return found;
}

function primaryKeyAddedLater(statements: readonly SqlStatement[], table: string): boolean {
  return statements.some(
    (statement) =>
      statement.kind === 'AlterTableStmt' && relationName(statement.ast?.relation) === table && hasPrimaryKey(statement.ast?.cmds),
  );
}
