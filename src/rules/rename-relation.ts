import { defineRule, type RuleReport } from './api/define-rule.js';
import { qualifiedName, relationName, type AstObject } from '../parse/sql/ast.js';
import type { SqlStatement } from '../parse/sql/parse-sql.js';
import type { StatementContext } from './api/sql-context.js';
import { findInStatement, identifierPattern } from './support/statement-text.js';
import { schemaCreatedBefore, viewCreatedBefore } from './support/created-in-file.js';
import { relationSpan } from './support/relation-span.js';

/**
 * Renaming a table, view or schema is instant for the database, but the application version that
 * is running still uses the old name, and fails from the moment the rename commits.
 */
export default defineRule({
  id: 'rename-relation',
  summary: 'Renaming an existing table, view or schema breaks the application version that is still running',
  risk: 'downtime',
  severity: 'error',
  category: 'safety',
  help:
    'Keep the old name working: rename and create a view with the old name in the same transaction, or expand and contract ' +
    '(new table, write both, backfill, switch reads, drop the old one later).',
  checkStatement(context) {
    const { statement, report } = context;
    const ast = statement.ast;
    if (statement.kind !== 'RenameStmt' || !ast) return;
    const kind = RELATION_KINDS[String(ast.renameType)];
    if (kind) {
      const name = relationName(ast.relation);
      if (name && !isNewRelation(context, name) && !viewKeepsOldName(context, name)) report(relationReport(statement, kind, name));
    } else if (ast.renameType === 'OBJECT_SCHEMA') {
      const name = String(ast.subname ?? '');
      if (!schemaCreatedBefore(context.statements, statement.index, name)) report(schemaReport(statement, name, String(ast.newname ?? '')));
    }
  },
});

const RELATION_KINDS: Record<string, string> = {
  OBJECT_TABLE: 'table',
  OBJECT_VIEW: 'view',
  OBJECT_MATVIEW: 'materialized view',
  OBJECT_FOREIGN_TABLE: 'foreign table',
};

function isNewRelation({ facts, statements, statement }: StatementContext, name: string): boolean {
  return facts.isNewTable(name) || viewCreatedBefore(statements, statement.index, name);
}

/** `RENAME TO x_new` followed by `CREATE VIEW x AS SELECT … FROM x_new` keeps running code working. */
function viewKeepsOldName({ statements, statement }: StatementContext, name: string): boolean {
  return statements.slice(statement.index + 1).some((later) => later.kind === 'ViewStmt' && relationName(later.ast?.view) === name);
}

function relationReport(statement: SqlStatement, kind: string, name: string): RuleReport {
  const relation = (statement.ast?.relation ?? {}) as AstObject;
  const schema = typeof relation.schemaname === 'string' ? relation.schemaname : undefined;
  const renamed = qualifiedName(schema, String(statement.ast?.newname ?? ''));
  return {
    message:
      `Renaming existing ${kind} "${name}" to "${renamed}" is instant, but the application version still running keeps querying "${name}" ` +
      `and fails on every such query until the new version is fully deployed (the rename also waits for an ACCESS EXCLUSIVE lock). ` +
      `Keep the old name working: in the same transaction, create a view "${name}" over "${renamed}" and drop it once no code uses it, ` +
      `or expand and contract (new ${kind}, write both, backfill, switch reads, drop the old one in a later release).`,
    ...relationSpan(statement, relation),
  };
}

function schemaReport(statement: SqlStatement, name: string, renamed: string): RuleReport {
  const span = findInStatement(statement, new RegExp(`(?<=\\bSCHEMA\\s+)${identifierPattern(name)}`, 'i'));
  return {
    message:
      `Renaming existing schema "${name}" to "${renamed}" is instant, but every query of the application version still running that ` +
      `names "${name}" (or relies on it in search_path) fails until the new version is fully deployed. ` +
      `Create the new schema and move or expose the objects step by step (views, then ALTER … SET SCHEMA once no code uses the old name).`,
    location: span?.location,
    length: span?.length,
  };
}
