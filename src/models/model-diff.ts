import type { Span } from '../parse/python/python-values.js';
import type { ModelSubject } from './model-types.js';
import type { ModelColumn, ModelModule, ModelTable } from './model-types.js';

/**
 * What a change did to a model module, compared with the module on the base branch: which tables,
 * columns and relationships are new or changed (so rules judge the change, not the whole module),
 * and which changes alter the database schema (so a migration must come with them).
 */

/** Whether a finding's subject is new or changed in the head module; everything is new without a base. */
export function subjectFilter(base: ModelModule | undefined, head: ModelModule): (subject: ModelSubject) => boolean {
  if (!base) return () => true;
  const baseTables = new Map(base.tables.map((table) => [table.tableName, table]));
  const headTables = new Map(head.tables.map((table) => [table.tableName, table]));
  return (subject) => {
    const before = baseTables.get(subject.table);
    const after = headTables.get(subject.table);
    if (!before || !after) return true;
    if (subject.attribute === undefined) return false;
    return attributeSignature(base, before, subject.attribute) !== attributeSignature(head, after, subject.attribute);
  };
}

function attributeSignature(module: ModelModule, table: ModelTable, attribute: string): string | undefined {
  const column = table.columns.find((candidate) => candidate.attribute === attribute || candidate.name === attribute);
  if (column) return columnSignature(column);
  const relationship = table.relationships.find((candidate) => candidate.attribute === attribute);
  return relationship ? sourceText(module, relationship.span) : undefined;
}

export interface SchemaChange {
  table: string;
  /** Where to report: the first changed column, else the class. */
  span: Span;
  /** "adds the model", "changes column \"email\"" … */
  what: string;
}

/** One entry per table whose schema (columns, types, nullability, keys, indexes, defaults) differs from the base. */
export function schemaChanges(base: ModelModule | undefined, head: ModelModule): SchemaChange[] {
  const baseTables = new Map((base?.tables ?? []).map((table) => [table.tableName, table]));
  const changes: SchemaChange[] = [];
  for (const table of head.tables) {
    const before = baseTables.get(table.tableName);
    if (!before) {
      changes.push({
        table: table.tableName,
        span: table.nameSpan,
        what: `adds the model ${table.className} (table "${table.tableName}")`,
      });
      continue;
    }
    const change = tableChange(before, table);
    if (change) changes.push(change);
  }
  return changes;
}

function tableChange(before: ModelTable, after: ModelTable): SchemaChange | undefined {
  const previous = new Map(before.columns.map((column) => [column.name, columnSignature(column)]));
  for (const column of after.columns) {
    const signature = previous.get(column.name);
    if (signature === columnSignature(column)) continue;
    const verb = signature === undefined ? 'adds' : 'changes';
    return { table: after.tableName, span: column.span, what: `${verb} column "${column.name}" of "${after.tableName}"` };
  }
  const current = new Set(after.columns.map((column) => column.name));
  const removed = before.columns.find((column) => !current.has(column.name));
  if (removed) return { table: after.tableName, span: after.nameSpan, what: `removes column "${removed.name}" from "${after.tableName}"` };
  if (tableLevelSignature(before) !== tableLevelSignature(after)) {
    return { table: after.tableName, span: after.nameSpan, what: `changes the indexes or constraints of "${after.tableName}"` };
  }
  return undefined;
}

/** The facts of a column that reach the database; Python-side defaults and annotations do not. */
function columnSignature(column: ModelColumn): string {
  return JSON.stringify([
    column.typeText?.replace(/\s+/g, ''),
    column.nullable,
    column.primaryKey,
    column.unique,
    column.index,
    column.serverDefault?.text.replace(/\s+/g, ''),
    column.foreignKeys.map((key) => [key.target, key.onDelete]),
  ]);
}

function tableLevelSignature(table: ModelTable): string {
  const indexes = table.indexes
    .map((index) => [index.kind, index.name, index.columns])
    .map((item) => JSON.stringify(item))
    .sort();
  const keys = table.tableForeignKeys
    .map((item) => JSON.stringify([item.columns, item.foreignKey.target, item.foreignKey.onDelete]))
    .sort();
  return JSON.stringify([indexes, keys]);
}

function sourceText(module: ModelModule, span: Span): string {
  return module.lines.text.slice(span.start, span.end).replace(/\s+/g, '');
}
