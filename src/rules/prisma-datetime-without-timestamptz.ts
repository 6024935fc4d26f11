import { defineRule } from './api/define-rule.js';

/**
 * On PostgreSQL, Prisma maps `DateTime` to `timestamp(3)`, without time zone, unless the field
 * says `@db.Timestamptz`. Prisma itself writes UTC, but every other client reads and writes wall
 * clock values in its session's zone.
 */
const ZONED_OR_NOT_A_TIMESTAMP = new Set(['db.Timestamptz', 'db.Date', 'db.Time', 'db.Timetz']);

export default defineRule({
  id: 'prisma-datetime-without-timestamptz',
  summary: 'Prisma DateTime field without @db.Timestamptz (timestamp without time zone on PostgreSQL)',
  risk: 'safe',
  severity: 'warning',
  category: 'design',
  help: 'Add @db.Timestamptz(3) (or @db.Timestamptz(6)) to the DateTime field.',
  checkPrisma({ schema, report }) {
    for (const model of schema.models) {
      for (const field of model.fields) {
        if (field.type !== 'DateTime' || field.attributes.some((attribute) => ZONED_OR_NOT_A_TIMESTAMP.has(attribute.name))) continue;
        report({
          message:
            `${model.name}.${field.name} is a DateTime without @db.Timestamptz, so Prisma creates timestamp(3) WITHOUT TIME ZONE on PostgreSQL: Prisma writes UTC into it, ` +
            'but SQL clients, reports and other services read and write it as local wall-clock time, and the values cannot be compared as instants. ' +
            'Add @db.Timestamptz(3) to the field (the migration converts existing values as UTC only if the session time zone is UTC).',
          span: field.typeSpan,
          subject: { model: model.name, field: field.name },
        });
      }
    }
  },
});
