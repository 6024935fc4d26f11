import { relationName } from '../sql/ast.js';
import type { SqlStatement } from '../sql/parse-sql.js';
import type { AlembicRevision } from './read-revision.js';
import type { TranslatedOp } from './translate-op.js';

/**
 * What a revision's upgrade() does, in the terms Alembic rules reason about: whether it changes
 * the schema, and where it changes data in tables that already hold rows.
 */

const DATA_STATEMENTS = new Set(['InsertStmt', 'UpdateStmt', 'DeleteStmt', 'SelectStmt', 'CopyStmt']);
const SESSION_STATEMENTS = new Set(['TransactionStmt', 'VariableSetStmt', 'VariableShowStmt', 'Empty']);
const DATA_OPS = new Set(['execute', 'bulk_insert']);

/** DDL statements among the generated ones, or schema operations that could not be translated. */
export function changesSchema(revision: AlembicRevision): boolean {
  const statements = revision.mapped.statements.filter((statement) => !revision.mapped.synthetic.has(statement.index));
  if (statements.some((statement) => !DATA_STATEMENTS.has(statement.kind) && !SESSION_STATEMENTS.has(statement.kind))) return true;
  return revision.upgradeOps.some((item) => item.unresolved && !DATA_OPS.has(item.op.name));
}

export interface DataChangeSite {
  verb: string;
  table?: string;
  item: TranslatedOp;
  statement?: SqlStatement;
}

/**
 * INSERT/UPDATE/DELETE on tables that are not new in the change (seeding a table the revision
 * creates is fine), plus untranslated execute()/bulk_insert() calls known to change data.
 */
export function dataChangesOnExistingTables(
  revision: AlembicRevision,
  isNewTable: (table: string | undefined) => boolean,
): DataChangeSite[] {
  const sites: DataChangeSite[] = [];
  const statements = revision.mapped.statements;
  revision.mapped.opIndex.forEach((opIndex, statementIndex) => {
    const statement = statements[statementIndex]!;
    const verb = { InsertStmt: 'INSERT', UpdateStmt: 'UPDATE', DeleteStmt: 'DELETE' }[statement.kind];
    if (!verb || opIndex < 0) return;
    const table = statement.bulk?.relation ?? relationName(statement.ast?.relation);
    if (!isNewTable(table)) sites.push({ verb, table, item: revision.upgradeOps[opIndex]!, statement });
  });
  for (const item of revision.upgradeOps) {
    if (item.dataChange && !isNewTable(item.dataChange.table)) sites.push({ ...item.dataChange, item });
  }
  return sites.sort((a, b) => a.item.op.span.start - b.item.op.span.start);
}
