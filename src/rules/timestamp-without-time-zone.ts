import { defineRule } from './api/define-rule.js';
import { newColumns } from './support/new-columns.js';
import { matchAt } from './support/statement-text.js';

/**
 * `timestamp` (without time zone) stores a wall-clock reading with no zone: the same value means a
 * different instant on every server and client whose TimeZone differs. `timestamptz` stores the
 * instant and converts on display. Judged only for columns the migration defines.
 */
const TIMESTAMP_SPELLING = /(?:pg_catalog\.)?(?:"timestamp"|timestamp)(\s*\(\s*\d+\s*\))?(?:\s+without\s+time\s+zone)?/i;

export default defineRule({
  id: 'timestamp-without-time-zone',
  summary: 'Columns of type timestamp (without time zone) store no instant; use timestamptz',
  risk: 'safe',
  severity: 'warning',
  category: 'design',
  help: 'Use timestamptz (timestamp with time zone): it stores an absolute instant and converts to the session time zone on output.',
  checkStatement({ statement, file, report }) {
    for (const column of newColumns(statement)) {
      if (column.type.name !== 'timestamp') continue;
      const span = matchAt(statement, column.typeLocation, TIMESTAMP_SPELLING);
      const precision = span?.groups[0]?.replace(/\s+/g, '') ?? '';
      // Prisma writes migration.sql from schema.prisma: an edit of the SQL alone is undone by the next
      // generated migration, so the fix is the field's native type, not a replacement here.
      const prisma = file.tool === 'prisma';
      report({
        message:
          `Column "${column.name}" of "${column.tableAsWritten}" is ${column.type.text} (without time zone): it stores a wall-clock reading with no zone, ` +
          `so the same value means different instants to sessions in different time zones, and daylight-saving changes make some values ambiguous. ` +
          (prisma
            ? `Use timestamptz${precision}, which stores the instant: in schema.prisma give the field \`@db.Timestamptz${precision}\` and generate the migration again.`
            : `Use timestamptz${precision}, which stores the instant.`),
        location: span?.location ?? column.typeLocation,
        length: span?.length,
        fix: span && !prisma ? { description: `Use timestamptz${precision}`, replacement: `timestamptz${precision}` } : undefined,
      });
    }
  },
});
