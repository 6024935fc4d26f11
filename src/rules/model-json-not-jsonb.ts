import { defineRule } from './api/define-rule.js';
import { columnLabel, modelColumns, typeIsCertain } from './support/model-columns.js';

/**
 * `sa.JSON` is PostgreSQL's `json`: the text as given, re-parsed on every access, with no
 * equality operator and no GIN index. `JSONB` is the binary, indexable form applications want.
 */
export default defineRule({
  id: 'model-json-not-jsonb',
  summary: 'SQLAlchemy/SQLModel JSON column (PostgreSQL json) instead of JSONB',
  risk: 'safe',
  severity: 'warning',
  category: 'design',
  help: 'Use sqlalchemy.dialects.postgresql.JSONB (or JSON().with_variant(JSONB(), "postgresql") for models shared with other databases).',
  checkModel({ module, report }) {
    for (const { table, column } of modelColumns(module)) {
      if (column.typeName !== 'JSON' || !typeIsCertain(module, table, column)) continue;
      report({
        message:
          `${columnLabel(table, column)} is ${column.typeText}, which PostgreSQL stores as json: the raw text, re-parsed on every read, ` +
          'with no equality operator (DISTINCT, GROUP BY and UNIQUE fail on it) and no GIN index for containment queries. ' +
          'Use postgresql.JSONB (from sqlalchemy.dialects import postgresql), or JSON().with_variant(postgresql.JSONB(), "postgresql") if the model also runs on another database.',
        span: column.typeSpan ?? column.span,
        subject: { table: table.tableName, attribute: column.attribute },
      });
    }
  },
});
