import type { ModelColumn, ModelModule, ModelTable } from '../../models/model-types.js';

/** Helpers shared by the model rules (src/rules/model-*.ts). */

/** Every column of every table, with its table. */
export function* modelColumns(module: ModelModule): Generator<{ table: ModelTable; column: ModelColumn }> {
  for (const table of module.tables) for (const column of table.columns) yield { table, column };
}

/**
 * Whether the column's type is known for sure. A type taken from a `Mapped[...]` annotation alone
 * can be remapped by the declarative base's `type_annotation_map`; it is trusted only when the base
 * is in view and the module sets no such map. SQLModel has no such map.
 */
export function typeIsCertain(module: ModelModule, table: ModelTable, column: ModelColumn): boolean {
  if (!column.typeFromAnnotation || table.style === 'sqlmodel') return column.typeName !== undefined;
  return table.complete && !module.lines.text.includes('type_annotation_map');
}

/** `User.created_at` (or `users.created_at` for a Core table): how the code names the column. */
export function columnLabel(table: ModelTable, column: ModelColumn): string {
  return `${table.className}.${column.attribute}`;
}
