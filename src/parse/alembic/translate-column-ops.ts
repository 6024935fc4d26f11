import { readColumn, type ColumnSpec } from './column-spec.js';
import { writeColumnDefinition, writeForeignKey } from './column-ddl.js';
import { sqlType } from './column-types.js';
import { BoundArguments } from './bound-arguments.js';
import { describeValue, flag, optionalName } from './literal-arguments.js';
import type { OpCall } from './op-calls.js';
import { serverDefaultSql } from './server-default.js';
import { quoteIdentifier, Unresolvable, type SqlBuilder } from './sql-builder.js';

/**
 * add_column, drop_column and alter_column. Alembic sends one statement per change: a column's
 * foreign keys, `unique=True` and `index=True` follow the ADD COLUMN as their own statements, and
 * alter_column emits nullability, default, type and rename separately (PostgreSQL's USING form first).
 */

export function translateAddColumn(op: OpCall, builder: SqlBuilder): ColumnSpec {
  const args = new BoundArguments(op, ['table_name', 'column']);
  const table = args.qualifiedTable();
  const column = readColumn(args.get('column') ?? { type: 'unknown', why: 'missing', span: op.span });
  builder.raw(`ALTER TABLE ${table} ADD COLUMN `);
  writeColumnDefinition(builder, column);
  builder.end();
  for (const foreignKey of column.foreignKeys) {
    builder.raw(`ALTER TABLE ${table} ADD `);
    writeForeignKey(builder, foreignKey, [column.name.text]);
    builder.end();
  }
  if (column.unique) builder.mapped(column.span, `ALTER TABLE ${table} ADD UNIQUE (${quoteIdentifier(column.name.text)})`).end();
  if (column.index) {
    const index = quoteIdentifier(`ix_${args.table().text}_${column.name.text}`);
    builder.mapped(column.span, `CREATE INDEX ${index} ON ${table} (${quoteIdentifier(column.name.text)})`).end();
  }
  return column;
}

export function translateDropColumn(op: OpCall, builder: SqlBuilder): void {
  const args = new BoundArguments(op, ['table_name', 'column_name']);
  const column = args.name('column_name', 'column name');
  builder.raw(`ALTER TABLE ${args.qualifiedTable()} DROP COLUMN `).mapped(column.span, quoteIdentifier(column.text)).end();
}

export function translateAlterColumn(op: OpCall, builder: SqlBuilder): void {
  const args = new BoundArguments(op, ['table_name', 'column_name']);
  const prefix = `ALTER TABLE ${args.qualifiedTable()} ALTER COLUMN ${quoteIdentifier(args.name('column_name', 'column name').text)}`;
  const typeValue = args.get('type_');
  const using = args.get('postgresql_using');
  if (typeValue && using) {
    if (using.type !== 'str') throw new Unresolvable(`postgresql_using is ${describeValue(using)}`, using.span);
    builder
      .mapped(typeValue.span, `${prefix} TYPE ${sqlType(typeValue).sql} USING `)
      .verbatim(using.span, using.value, using.pieces)
      .end();
  }
  const nullable = args.get('nullable');
  if (nullable && nullable.type !== 'none')
    builder.mapped(nullable.span, `${prefix} ${flag(nullable, 'nullable') ? 'DROP' : 'SET'} NOT NULL`).end();
  writeDefaultChange(args, prefix, builder);
  if (typeValue && !using) builder.mapped(typeValue.span, `${prefix} TYPE ${sqlType(typeValue).sql}`).end();
  const newName = args.get('new_column_name');
  if (newName && newName.type !== 'none') {
    const name = optionalName(newName);
    if (!name) throw new Unresolvable(`new_column_name is ${describeValue(newName)}`, newName.span);
    const column = quoteIdentifier(args.name('column_name', 'column name').text);
    builder.mapped(newName.span, `ALTER TABLE ${args.qualifiedTable()} RENAME ${column} TO ${quoteIdentifier(name.text)}`).end();
  }
}

/** server_default=None drops the default; server_default=False (Alembic's "unchanged") or absent does nothing. */
function writeDefaultChange(args: BoundArguments, prefix: string, builder: SqlBuilder): void {
  const value = args.get('server_default');
  if (!value || (value.type === 'bool' && !value.value)) return;
  if (value.type === 'none') {
    builder.mapped(value.span, `${prefix} DROP DEFAULT`).end();
    return;
  }
  const fallback = serverDefaultSql(value);
  builder.mapped(value.span, `${prefix} SET DEFAULT `);
  if (fallback.text) builder.verbatim(fallback.text.span, fallback.text.value, fallback.text.pieces);
  else builder.raw(fallback.sql);
  builder.end();
}
