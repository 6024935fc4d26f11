import type { ColumnSpec, ForeignKeySpec } from './column-spec.js';
import { qualifiedName, quoteIdentifier, type SqlBuilder } from './sql-builder.js';

/**
 * Column definitions and foreign key clauses in the form SQLAlchemy's PostgreSQL compiler writes:
 * `name TYPE [DEFAULT x] [GENERATED …] [NOT NULL]` and
 * `[CONSTRAINT n] FOREIGN KEY(a) REFERENCES t (b) [ON DELETE …] [ON UPDATE …]`.
 */

export function writeColumnDefinition(builder: SqlBuilder, column: ColumnSpec, serial = false): void {
  builder.group(column.span, () => {
    builder.mapped(column.name.span, quoteIdentifier(column.name.text)).raw(' ');
    builder.mapped(column.typeSpan, serial && column.type.serial ? column.type.serial : column.type.sql);
    const fallback = column.serverDefault;
    if (fallback) {
      builder.raw(' DEFAULT ');
      if (fallback.text) builder.verbatim(fallback.text.span, fallback.text.value, fallback.text.pieces);
      else builder.mapped(fallback.span, fallback.sql);
    }
    if (column.generated) builder.raw(` ${column.generated}`);
    if (!column.nullable) builder.raw(' NOT NULL');
  });
}

export function writeForeignKey(builder: SqlBuilder, foreignKey: ForeignKeySpec, localColumns: readonly string[]): void {
  builder.group(foreignKey.span, () => {
    if (foreignKey.name) builder.raw(`CONSTRAINT ${quoteIdentifier(foreignKey.name)} `);
    builder.raw(`FOREIGN KEY(${localColumns.map(quoteIdentifier).join(', ')}) `);
    builder.raw(`REFERENCES ${qualifiedName(foreignKey.table, foreignKey.schema)} (${foreignKey.columns.map(quoteIdentifier).join(', ')})`);
    if (foreignKey.onDelete) builder.raw(` ON DELETE ${foreignKey.onDelete}`);
    if (foreignKey.onUpdate) builder.raw(` ON UPDATE ${foreignKey.onUpdate}`);
  });
}

/** Whether SQLAlchemy makes this column SERIAL: the table's only primary key column, an integer, no FK, no default. */
export function rendersAsSerial(column: ColumnSpec, primaryKeyCount: number): boolean {
  return (
    column.primaryKey &&
    primaryKeyCount === 1 &&
    column.autoincrement !== false &&
    !!column.type.serial &&
    column.foreignKeys.length === 0 &&
    !column.serverDefault &&
    !column.generated
  );
}
