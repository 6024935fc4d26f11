import { attributeFields, listItems } from '../parse/prisma/prisma-attributes.js';
import type { PrismaModel } from '../parse/prisma/prisma-types.js';
import { defineRule } from './api/define-rule.js';

/**
 * Prisma creates the foreign key of a relation but no index on its scalar fields (with
 * relationMode = "prisma" there is not even a foreign key). Lookups of a parent's children and
 * cascades on delete then scan the child table.
 */
export default defineRule({
  id: 'prisma-relation-without-index',
  summary: 'Relation whose scalar fields are not the leading fields of an @@index, @@unique or @id',
  risk: 'safe',
  severity: 'warning',
  category: 'design',
  help: 'Add @@index([<relation fields>]) to the model (or make them the first fields of an existing @@index/@@unique).',
  checkPrisma({ schema, report }) {
    for (const model of schema.models) {
      if (model.view) continue;
      for (const field of model.fields) {
        const relation = field.attributes.find((attribute) => attribute.name === 'relation');
        const fields = listItems(relation?.named.get('fields'));
        if (!relation || fields.length === 0 || isIndexed(model, fields)) continue;
        const list = fields.join(', ');
        report({
          message:
            `Relation ${model.name}.${field.name} uses [${list}], but no index starts with ${fields.length > 1 ? 'those fields' : 'that field'}: Prisma creates the foreign key, not an index, ` +
            `so loading a ${field.type}'s ${model.name} rows, and every delete or key update on ${field.type}, scans the whole table. ` +
            `Add @@index([${list}]) to model ${model.name}.`,
          span: relation.span,
          subject: { model: model.name, field: field.name },
        });
      }
    }
  },
});

/** Whether an @id/@unique field, or an @@id/@@unique/@@index, starts with `fields` (in any order). */
function isIndexed(model: PrismaModel, fields: readonly string[]): boolean {
  if (fields.length === 1) {
    const field = model.fields.find((candidate) => candidate.name === fields[0]);
    if (field?.attributes.some((attribute) => attribute.name === 'id' || attribute.name === 'unique')) return true;
  }
  return model.blockAttributes
    .filter((attribute) => attribute.name === 'index' || attribute.name === 'unique' || attribute.name === 'id')
    .some((attribute) => {
      const leading = attributeFields(attribute).slice(0, fields.length);
      return leading.length === fields.length && fields.every((name) => leading.includes(name));
    });
}
