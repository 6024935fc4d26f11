import { defineRule } from './api/define-rule.js';

/**
 * Prisma accepts a model identified only by a @unique field, but that creates a table without a
 * PRIMARY KEY: logical replication cannot publish its updates and deletes, and tools that need a
 * key (pg_repack, many CDC pipelines) refuse it.
 */
export default defineRule({
  id: 'prisma-missing-id',
  summary: 'Prisma model without @id or @@id (the table gets no primary key)',
  risk: 'safe',
  severity: 'warning',
  category: 'design',
  help: 'Add an @id field (e.g. id BigInt @id @default(autoincrement())) or an @@id over the natural key.',
  checkPrisma({ schema, report }) {
    for (const model of schema.models) {
      if (model.view || model.blockAttributes.some((attribute) => attribute.name === 'ignore' || attribute.name === 'id')) continue;
      if (model.fields.some((field) => field.attributes.some((attribute) => attribute.name === 'id'))) continue;
      report({
        message:
          `Model ${model.name} has no @id or @@id, so table "${model.tableName}" gets no PRIMARY KEY (a @unique field only identifies rows for Prisma): ` +
          'once the table is in a logical replication publication its UPDATEs and DELETEs fail, and tools such as pg_repack and most CDC pipelines refuse it. ' +
          'Add an @id field (id BigInt @id @default(autoincrement())) or @@id([...]) over the natural key.',
        span: model.nameSpan,
        subject: { model: model.name },
      });
    }
  },
});
