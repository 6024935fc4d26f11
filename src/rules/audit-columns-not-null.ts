import { defineRule } from './api/define-rule.js';
import { columnConstraints, defaultExpression } from './support/alter-table.js';
import { newColumns } from './support/new-columns.js';

/**
 * created_at / updated_at (and inserted_at / modified_at) are only useful when every row has them:
 * NOT NULL with a DEFAULT, so inserts that forget them still get the right value.
 */
const AUDIT_COLUMNS = new Set(['created_at', 'updated_at', 'inserted_at', 'modified_at']);

export default defineRule({
  id: 'audit-columns-not-null',
  summary: 'Audit timestamp columns (created_at, updated_at…) should be NOT NULL with a default',
  risk: 'safe',
  severity: 'notice',
  category: 'design',
  help: 'Declare audit columns as timestamptz NOT NULL DEFAULT now(); keep updated_at current with a trigger or the ORM.',
  checkStatement({ statement, report }) {
    for (const column of newColumns(statement)) {
      if (!AUDIT_COLUMNS.has(column.name) || column.origin === 'alter-type') continue;
      const notNull = columnConstraints(column.definition).some(
        (constraint) => constraint.contype === 'CONSTR_NOTNULL' || constraint.contype === 'CONSTR_PRIMARY',
      );
      const hasDefault = defaultExpression(column.definition) !== undefined;
      if (notNull && hasDefault) continue;
      const missing = [notNull ? '' : 'is nullable', hasDefault ? '' : 'has no default'].filter(Boolean).join(' and ');
      const upkeep =
        column.name === 'created_at' || column.name === 'inserted_at'
          ? ''
          : ', and keep it current on every UPDATE with a trigger or the ORM';
      report({
        message:
          `Audit column "${column.name}" of "${column.tableAsWritten}" ${missing}: rows inserted without it get NULL, which then means "unknown" for good. ` +
          `Declare it timestamptz NOT NULL DEFAULT now()${upkeep}.`,
        location: column.location,
        length: column.name.length,
      });
    }
  },
});
