import type { ModelForeignKey, ModelTable } from '../../models/model-types.js';
import type { Span } from '../../parse/python/python-values.js';

/** Every foreign key of a model table, column-level (`ForeignKey(...)`, `foreign_key=`) and table-level (`ForeignKeyConstraint`). */
export interface ModelForeignKeyUse {
  columns: string[];
  foreignKey: ModelForeignKey;
  /** The column attribute (column-level keys) the finding is about. */
  attribute?: string;
  span: Span;
}

export function modelForeignKeys(table: ModelTable): ModelForeignKeyUse[] {
  const uses: ModelForeignKeyUse[] = [];
  for (const column of table.columns) {
    for (const foreignKey of column.foreignKeys)
      uses.push({ columns: [column.name], foreignKey, attribute: column.attribute, span: column.span });
  }
  for (const { columns, foreignKey } of table.tableForeignKeys) uses.push({ columns, foreignKey, span: foreignKey.span });
  return uses;
}

/**
 * Whether an index (or a unique or primary key constraint, which PostgreSQL backs with one)
 * starts with `columns`, in any order: then lookups by the foreign key can use it.
 */
export function isIndexed(table: ModelTable, columns: readonly string[]): boolean {
  const leading = (list: ReadonlyArray<string | undefined>) => {
    const prefix = list.slice(0, columns.length);
    return prefix.length === columns.length && columns.every((name) => prefix.includes(name));
  };
  if (columns.length === 1) {
    const column = table.columns.find((candidate) => candidate.name === columns[0]);
    if (column?.index || column?.unique) return true;
  }
  const primaryKey = table.columns.filter((column) => column.primaryKey).map((column) => column.name);
  return leading(primaryKey) || table.indexes.some((index) => leading(index.columns));
}
