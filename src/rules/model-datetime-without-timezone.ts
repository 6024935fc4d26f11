import { defineRule } from './api/define-rule.js';
import { columnLabel, modelColumns, typeIsCertain } from './support/model-columns.js';

/**
 * `sa.DateTime()` is TIMESTAMP WITHOUT TIME ZONE in PostgreSQL: a wall-clock reading with no
 * offset. Values written by processes in different zones (or across a DST change) cannot be
 * compared; TIMESTAMPTZ stores an instant and converts on output.
 */
const TIMESTAMP_TYPES = new Set(['DateTime', 'DATETIME', 'TIMESTAMP']);

export default defineRule({
  id: 'model-datetime-without-timezone',
  summary: 'SQLAlchemy/SQLModel DateTime column without timezone=True (TIMESTAMP WITHOUT TIME ZONE)',
  risk: 'safe',
  severity: 'warning',
  category: 'design',
  help: 'Declare the column as DateTime(timezone=True) (TIMESTAMPTZ) and store timezone-aware datetimes.',
  checkModel({ module, report }) {
    for (const { table, column } of modelColumns(module)) {
      if (!TIMESTAMP_TYPES.has(column.typeName ?? '') || column.timezone !== false || !typeIsCertain(module, table, column)) continue;
      const source = column.typeFromAnnotation
        ? `its \`${column.typeText}\` annotation maps to DateTime()`
        : `${column.typeText} has no timezone=True`;
      report({
        message:
          `${columnLabel(table, column)}: ${source}, which PostgreSQL stores as TIMESTAMP WITHOUT TIME ZONE, a wall-clock value with no offset. ` +
          'Values written from servers in different time zones, or either side of a DST change, silently disagree and cannot be compared as instants. ' +
          'Use sa.DateTime(timezone=True) (TIMESTAMPTZ) and write timezone-aware datetimes (datetime.now(timezone.utc)).',
        span: column.typeSpan ?? column.span,
        subject: { table: table.tableName, attribute: column.attribute },
      });
    }
  },
});
