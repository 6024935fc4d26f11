import { defineRule } from './api/define-rule.js';
import { BoundArguments, optionalName } from '../parse/alembic/index.js';

/**
 * `default=` on a Column is applied by SQLAlchemy when the application inserts a row; it never
 * reaches the DDL. A NOT NULL add_column with only a Python default is `ADD COLUMN … NOT NULL`
 * with no DEFAULT, which PostgreSQL refuses on any table that has rows.
 */
export default defineRule({
  id: 'alembic-python-default-not-null',
  summary: 'add_column of a NOT NULL column with a Python-side `default=` only: the DDL has no DEFAULT and fails on a non-empty table',
  risk: 'safe',
  severity: 'error',
  category: 'correctness',
  help: 'Use server_default= (a SQL default the database applies to existing rows), or add the column nullable, backfill, then set NOT NULL.',
  checkAlembic({ revision, facts, report }) {
    for (const item of revision.upgradeOps) {
      const column = item.op.name === 'add_column' ? item.columns[0] : undefined;
      if (!column?.pythonDefault || column.nullable || column.serverDefault || column.generated) continue;
      const table = item.op.batch ? optionalName(item.op.batch.table)?.text : new BoundArguments(item.op, ['table_name']).table().text;
      if (facts.isNewTable(table)) continue;
      report({
        message:
          `default= on column "${column.name.text}" is a Python-side default: SQLAlchemy fills it in on INSERT from the application, but Alembic's ` +
          `ADD COLUMN carries no DEFAULT, so PostgreSQL rejects this NOT NULL column with "column contains null values" as soon as "${table}" has a row. ` +
          'Give it server_default= (e.g. server_default=sa.text("…")), which PostgreSQL applies to the existing rows.',
        span: column.pythonDefault,
        supersedes: ['add-column-not-null-without-default'],
        fix: { description: 'Replace default= with server_default= holding the same value as SQL' },
      });
    }
  },
});
