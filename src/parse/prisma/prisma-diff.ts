import type { PrismaSchema, PrismaSubject } from './prisma-types.js';

/**
 * Whether a finding's subject (a model, or one of its fields) is new or changed compared with the
 * schema on the base branch: a change is reviewed, not the whole schema. A field counts as
 * changed when its line changed (type, optionality or attributes).
 */
type Subject = PrismaSubject;

export function prismaSubjectFilter(base: PrismaSchema | undefined, head: PrismaSchema): (subject: Subject) => boolean {
  if (!base) return () => true;
  const signatures = (schema: PrismaSchema) => {
    const result = new Map<string, string>();
    for (const model of schema.models) {
      result.set(model.name, '');
      for (const field of model.fields) result.set(`${model.name}.${field.name}`, fieldText(schema, field.span));
    }
    return result;
  };
  const before = signatures(base);
  const after = signatures(head);
  return (subject) => {
    if (!before.has(subject.model)) return true;
    if (subject.field === undefined) return false;
    const key = `${subject.model}.${subject.field}`;
    return before.get(key) !== after.get(key);
  };
}

function fieldText(schema: PrismaSchema, span: { start: number; end: number }): string {
  return schema.lines.text.slice(span.start, span.end).replace(/\s+/g, ' ').trim();
}
