import { defineRule } from './api/define-rule.js';
import { changesSchema, dataChangesOnExistingTables, type DataChangeSite } from '../parse/alembic/index.js';
import { constraintAddedLater } from './support/constraint-added-later.js';
import type { SqlStatement } from '../parse/sql/parse-sql.js';

/**
 * A revision that changes both the schema and existing rows runs both in one transaction: the
 * data change keeps its row locks (and the DDL its table locks) until the end, a slow backfill
 * blocks the deploy, and the two cannot be rolled out or retried separately.
 */
export default defineRule({
  id: 'alembic-data-migration',
  summary: 'A data migration (UPDATE/DELETE/INSERT or bulk_insert on existing tables) mixed into a schema revision',
  risk: 'safe',
  severity: 'warning',
  category: 'hygiene',
  oncePerFile: true,
  help: 'Keep schema changes and data changes in separate revisions, and run large backfills as batched jobs outside the migration.',
  checkAlembic({ revision, facts, report }) {
    if (!changesSchema(revision)) return;
    const sites = dataChangesOnExistingTables(revision, (table) => facts.isNewTable(table)).filter(
      (site) => !preparesLaterConstraint(site, revision.mapped.statements),
    );
    const first = sites[0];
    if (!first) return;
    const tables = [...new Set(sites.map((site) => site.table).filter(Boolean))];
    report({
      message:
        `This revision changes the schema and also runs ${first.verb}${tables.length > 0 ? ` on ${tables.map((table) => `"${table}"`).join(', ')}` : ''} over existing rows, ` +
        'all in one transaction: the rows it touches stay locked, and any table lock taken by the DDL is held, until the whole revision commits, ' +
        'and a failure in the data step rolls back the schema change with it. Move the data change into a revision of its own (after the schema ' +
        'revision), and run large backfills as batched jobs outside Alembic.',
      span: first.item.op.span,
      ...(first.statement ? { statementIndex: first.statement.index } : {}),
    });
  },
});

/**
 * An UPDATE or DELETE that fixes the rows a constraint added later in the same revision, on the
 * same table, needs (prefect deletes self-references before adding CHECK (parent <> child)): the two
 * belong together. Moved into a revision after the schema change, as this rule would advise, the
 * constraint would fail on the rows not yet fixed. backfill-in-migration still weighs its locks.
 */
function preparesLaterConstraint(site: DataChangeSite, statements: readonly SqlStatement[]): boolean {
  if (!site.statement || !site.table || (site.verb !== 'UPDATE' && site.verb !== 'DELETE')) return false;
  return constraintAddedLater(site.statement, statements, site.table) !== undefined;
}
