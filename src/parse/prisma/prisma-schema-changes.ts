import type { PrismaField, PrismaModel, PrismaSchema, PrismaSpan } from './prisma-types.js';

/**
 * What a change to schema.prisma does to the database, model by model: the models it adds, and the
 * fields, indexes and constraints it adds, changes or removes. Fields that exist only on the Prisma
 * side are left out: a list of related records (`posts Post[]`), or a relation without `fields:`
 * (the other model holds the foreign key). Views map no table.
 */
export interface PrismaModelChange {
  model: string;
  /** The table it maps to (`@@map`, else the model name). */
  table: string;
  /** "adds the model", "adds the field "email"", "changes the field "total"" … */
  what: string[];
  /** Where in the head schema: the first changed field, or the model's name. */
  span: PrismaSpan;
  /** The whole model is new. */
  added: boolean;
}

export function prismaSchemaChanges(base: PrismaSchema | undefined, head: PrismaSchema): PrismaModelChange[] {
  const before = new Map((base?.models ?? []).map((model) => [model.name, model]));
  const models = new Set(head.models.map((model) => model.name));
  const changes: PrismaModelChange[] = [];
  for (const model of head.models) {
    if (model.view) continue;
    const old = before.get(model.name);
    if (!old) {
      changes.push({ model: model.name, table: model.tableName, what: ['adds the model'], span: model.nameSpan, added: true });
      continue;
    }
    const change = modelChange(base!, old, head, model, models);
    if (change) changes.push(change);
  }
  return changes;
}

function modelChange(
  base: PrismaSchema,
  old: PrismaModel,
  head: PrismaSchema,
  model: PrismaModel,
  models: ReadonlySet<string>,
): PrismaModelChange | undefined {
  const what: string[] = [];
  let span: PrismaSpan | undefined;
  const oldFields = new Map(old.fields.filter((field) => isColumn(field, models)).map((field) => [field.name, field]));
  for (const field of model.fields.filter((candidate) => isColumn(candidate, models))) {
    const previous = oldFields.get(field.name);
    oldFields.delete(field.name);
    if (previous && text(base, previous.span) === text(head, field.span)) continue;
    what.push(`${previous ? 'changes' : 'adds'} the field "${field.name}"`);
    span ??= field.span;
  }
  for (const name of oldFields.keys()) what.push(`removes the field "${name}"`);
  const blocks = (schema: PrismaSchema, from: PrismaModel) =>
    from.blockAttributes
      .map((attribute) => text(schema, attribute.span))
      .sort()
      .join('\n');
  if (blocks(base, old) !== blocks(head, model)) what.push('changes its indexes or constraints');
  if (old.tableName !== model.tableName) what.push(`maps it to table "${model.tableName}"`);
  if (what.length === 0) return undefined;
  return { model: model.name, table: model.tableName, what, span: span ?? model.nameSpan, added: false };
}

/** A field the database has: a scalar column, or a relation that holds the foreign key (`fields: […]`). */
function isColumn(field: PrismaField, models: ReadonlySet<string>): boolean {
  if (!models.has(field.type)) return true;
  return field.attributes.some((attribute) => attribute.name === 'relation' && attribute.named.has('fields'));
}

function text(schema: PrismaSchema, span: PrismaSpan): string {
  return schema.lines.text.slice(span.start, span.end).replace(/\s+/g, ' ').trim();
}
