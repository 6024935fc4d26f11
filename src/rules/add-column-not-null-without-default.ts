import { defineRule } from './api/define-rule.js';
import type { AstObject } from '../parse/sql/ast.js';
import { addedColumn, alterTableCommands, columnConstraints, defaultExpression } from './support/alter-table.js';
import { columnTypeOf, SERIAL_TYPES } from './support/column-types.js';
import { notNullSteps, numbered } from './support/not-null-steps.js';
import { quoteIdentifier, quoteQualifiedName } from './support/sql-identifiers.js';

/**
 * A NOT NULL column added without a default would be NULL in every existing row, so PostgreSQL
 * refuses the statement as soon as the table has a single row. The migration passes on an empty
 * development database and fails in production.
 */
export default defineRule({
  id: 'add-column-not-null-without-default',
  summary: 'ADD COLUMN … NOT NULL without a DEFAULT fails on any table that has rows',
  risk: 'safe',
  severity: 'error',
  category: 'correctness',
  help:
    'Add the column nullable, backfill it in batches, then enforce NOT NULL with CHECK (… IS NOT NULL) NOT VALID, ' +
    'VALIDATE CONSTRAINT and SET NOT NULL; or give it a constant DEFAULT.',
  checkStatement({ statement, facts, pgVersion, report }) {
    const alter = alterTableCommands(statement);
    if (!alter || facts.isNewTable(alter.table)) return;
    for (const command of alter.commands) {
      const column = addedColumn(command);
      const notNull = column && notNullConstraint(column);
      if (!column || !notNull || defaultExpression(column) !== undefined || fillsItself(column)) continue;
      const name = String(column.colname);
      const table = alter.tableAsWritten;
      const implied = notNull.contype === 'CONSTR_PRIMARY' ? ' (PRIMARY KEY implies NOT NULL)' : '';
      report({
        message:
          `ADD COLUMN "${name}" NOT NULL${implied} without a DEFAULT on existing table "${table}" fails with "column contains null values" ` +
          `as soon as "${table}" has a row, because existing rows would have no value. Add the column nullable, backfill it in batches, ` +
          `then enforce NOT NULL with CHECK ("${name}" IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT and SET NOT NULL; or give it a constant DEFAULT.`,
        location: notNull.location as number | undefined,
        fix: {
          description: numbered([
            `ALTER TABLE ${quoteQualifiedName(alter.tableAsWritten)} ADD COLUMN ${quoteIdentifier(name)} ${columnTypeOf(column.typeName).text};`,
            `Backfill "${name}" for existing rows in batches, outside the schema migration.`,
            ...notNullSteps(pgVersion, alter.tableAsWritten, name),
          ]),
        },
      });
    }
  },
});

function notNullConstraint(column: AstObject): AstObject | undefined {
  return columnConstraints(column).find((constraint) => constraint.contype === 'CONSTR_NOTNULL' || constraint.contype === 'CONSTR_PRIMARY');
}

/** Serial, identity and generated columns get a value for every row without a DEFAULT clause. */
function fillsItself(column: AstObject): boolean {
  if (SERIAL_TYPES.has(columnTypeOf(column.typeName).name)) return true;
  return columnConstraints(column).some(
    (constraint) => constraint.contype === 'CONSTR_IDENTITY' || constraint.contype === 'CONSTR_GENERATED',
  );
}
