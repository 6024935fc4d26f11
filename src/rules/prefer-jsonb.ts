import { defineRule } from './api/define-rule.js';
import { newColumns } from './support/new-columns.js';
import { matchAt } from './support/statement-text.js';

/**
 * `json` keeps the input text verbatim and re-parses it on every access; `jsonb` stores it parsed,
 * supports GIN indexes and containment operators. Judged only for columns the migration defines.
 */
export default defineRule({
  id: 'prefer-jsonb',
  summary: 'Use jsonb rather than json for JSON columns',
  risk: 'safe',
  severity: 'warning',
  category: 'design',
  help: 'Use jsonb: it is stored parsed, can be indexed with GIN, and supports containment (@>) and key-existence operators.',
  checkStatement({ statement, report }) {
    for (const column of newColumns(statement)) {
      if (column.type.name !== 'json') continue;
      const span = matchAt(statement, column.typeLocation, /(?:pg_catalog\.)?json\b/i);
      report({
        message:
          `Column "${column.name}" of "${column.tableAsWritten}" is json: it stores the text as written and re-parses it on every access, ` +
          `cannot be indexed with GIN, and has no equality operator (no DISTINCT, GROUP BY or UNIQUE on it). Use jsonb, unless you must keep key order and duplicate keys exactly as sent.`,
        location: span?.location ?? column.typeLocation,
        length: span?.length,
        fix: span ? { description: 'Use jsonb', replacement: 'jsonb' } : undefined,
      });
    }
  },
});
