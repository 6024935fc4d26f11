import { defineRule } from './api/define-rule.js';
import { columnLabel, modelColumns } from './support/model-columns.js';

/**
 * created_at/updated_at are only trustworthy when the database fills them: a Python `default=`
 * (or `default_factory=`) runs for ORM inserts only, so bulk loads, raw SQL and other services
 * leave NULL or skip the column.
 */
const AUDIT_COLUMNS = new Set(['created_at', 'updated_at', 'inserted_at', 'modified_at']);

export default defineRule({
  id: 'model-audit-columns',
  summary: 'Audit columns (created_at, updated_at…) without a server_default, or nullable',
  risk: 'safe',
  severity: 'notice',
  category: 'design',
  help: 'Declare audit columns with server_default=sa.func.now() and nullable=False (DateTime(timezone=True)).',
  checkModel({ module, report }) {
    for (const { table, column } of modelColumns(module)) {
      if (!AUDIT_COLUMNS.has(column.name) || (column.serverDefault && !column.nullable)) continue;
      const problems = [
        column.serverDefault
          ? ''
          : column.pythonDefault
            ? 'its default is Python-side only (set by the ORM on insert)'
            : 'it has no default',
        column.nullable ? 'it is nullable' : '',
      ].filter(Boolean);
      report({
        message:
          `${columnLabel(table, column)} is an audit column but ${problems.join(' and ')}: rows inserted by raw SQL, bulk loads, COPY or another service get NULL, ` +
          'which then means "unknown" for good and breaks ordering and retention queries. ' +
          'Declare it with server_default=sa.func.now() and nullable=False so PostgreSQL fills it for every insert.',
        span: column.span,
        subject: { table: table.tableName, attribute: column.attribute },
      });
    }
  },
});
