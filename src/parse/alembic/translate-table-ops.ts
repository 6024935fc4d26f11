import type { PyValue } from '../python/python-values.js';
import { readColumn, type ColumnSpec } from './column-spec.js';
import { rendersAsSerial, writeColumnDefinition, writeForeignKey } from './column-ddl.js';
import { createEnumSql } from './column-types.js';
import { BoundArguments } from './bound-arguments.js';
import { describeValue, isCallTo, optionalString, requireName, requireNames } from './literal-arguments.js';
import type { OpCall } from './op-calls.js';
import { qualifiedName, quoteIdentifier, Unresolvable, type SqlBuilder } from './sql-builder.js';
import { writeIndex } from './translate-index-ops.js';

/**
 * create_table, drop_table and rename_table. create_table becomes what SQLAlchemy's metadata
 * emits: CREATE TYPE for each new enum, CREATE TABLE with the primary key, unique, check and
 * foreign key constraints at table level, then CREATE INDEX for `index=True` columns and Index objects.
 */

export function translateCreateTable(op: OpCall, builder: SqlBuilder): ColumnSpec[] {
  const args = new BoundArguments(op, ['table_name']);
  const tableName = args.table();
  const table = args.qualifiedTable();
  const items = op.call.args.slice(1);
  const columns = items.filter((item) => isCallTo(item, 'Column')).map(readColumn);
  // A MetaData argument (op.create_table("t", metadata, ...)) carries no DDL.
  const others = items.filter((item) => !isCallTo(item, 'Column', 'MetaData'));
  for (const column of columns) {
    const sql = column.type.enum?.createType ? createEnumSql(column.type) : undefined;
    if (column.type.enum?.createType && !sql)
      throw new Unresolvable(`the values of enum "${column.type.enum.name}" are not literal`, column.typeSpan);
    if (sql) builder.mapped(column.typeSpan, sql).end();
  }
  const primaryKeys = columns.filter((column) => column.primaryKey);
  builder.raw(`CREATE TABLE ${table} (\n  `);
  builder.list(columns, ',\n  ', (column) => writeColumnDefinition(builder, column, rendersAsSerial(column, primaryKeys.length)));
  if (primaryKeys.length > 0)
    builder.raw(`,\n  PRIMARY KEY (${primaryKeys.map((column) => quoteIdentifier(column.name.text)).join(', ')})`);
  for (const column of columns.filter((item) => item.unique))
    builder.raw(',\n  ').mapped(column.span, `UNIQUE (${quoteIdentifier(column.name.text)})`);
  for (const item of others.filter((value) => !isCallTo(value, 'Index'))) {
    builder.raw(',\n  ');
    writeTableConstraint(builder, item);
  }
  for (const column of columns) {
    for (const foreignKey of column.foreignKeys) {
      builder.raw(',\n  ');
      writeForeignKey(builder, foreignKey, [column.name.text]);
    }
  }
  builder.raw('\n)').end();
  for (const column of columns.filter((item) => item.index)) {
    builder
      .mapped(
        column.span,
        `CREATE INDEX ${quoteIdentifier(`ix_${tableName.text}_${column.name.text}`)} ON ${table} (${quoteIdentifier(column.name.text)})`,
      )
      .end();
  }
  for (const index of others.filter((value) => isCallTo(value, 'Index'))) writeIndexObject(builder, index, table);
  return columns;
}

/** PrimaryKeyConstraint, UniqueConstraint, CheckConstraint and ForeignKeyConstraint inside create_table. */
function writeTableConstraint(builder: SqlBuilder, item: PyValue): void {
  if (item.type !== 'call') throw new Unresolvable(`a create_table argument is ${describeValue(item)}`, item.span);
  const name = optionalString(item.kwargs.get('name'), 'the constraint name');
  const named = name ? `CONSTRAINT ${quoteIdentifier(name)} ` : '';
  const columns = () => item.args.map((column) => quoteIdentifier(requireName(column, 'constraint column', item.span).text)).join(', ');
  if (isCallTo(item, 'PrimaryKeyConstraint')) return void builder.mapped(item.span, `${named}PRIMARY KEY (${columns()})`);
  if (isCallTo(item, 'UniqueConstraint')) return void builder.mapped(item.span, `${named}UNIQUE (${columns()})`);
  if (isCallTo(item, 'CheckConstraint')) {
    const condition = item.args[0] ?? item.kwargs.get('sqltext');
    if (condition?.type !== 'str') throw new Unresolvable(`the check condition is ${describeValue(condition)}`, item.span);
    return void builder.group(item.span, () =>
      builder.raw(`${named}CHECK (`).verbatim(condition.span, condition.value, condition.pieces).raw(')'),
    );
  }
  if (isCallTo(item, 'ForeignKeyConstraint')) return writeForeignKeyConstraint(builder, item, name);
  throw new Unresolvable(`a create_table argument is ${describeValue(item)}`, item.span);
}

function writeForeignKeyConstraint(builder: SqlBuilder, item: Extract<PyValue, { type: 'call' }>, name: string | undefined): void {
  const local = requireNames(item.args[0] ?? item.kwargs.get('columns'), 'foreign key column', item.span).map((column) => column.text);
  const targets = requireNames(item.args[1] ?? item.kwargs.get('refcolumns'), 'foreign key target', item.span).map((target) =>
    target.text.split('.'),
  );
  const first = targets[0]!;
  if (first.length < 2) throw new Unresolvable(`the foreign key target "${first.join('.')}" names no table`, item.span);
  const onDelete = optionalString(item.kwargs.get('ondelete'), 'ondelete');
  const onUpdate = optionalString(item.kwargs.get('onupdate'), 'onupdate');
  writeForeignKey(
    builder,
    {
      table: first[first.length - 2]!,
      ...(first.length > 2 ? { schema: first[first.length - 3]! } : {}),
      columns: targets.map((target) => target[target.length - 1]!),
      ...(name ? { name } : {}),
      ...(onDelete ? { onDelete } : {}),
      ...(onUpdate ? { onUpdate } : {}),
      span: item.span,
    },
    local,
  );
}

/** `sa.Index("name", "col", unique=True)` given to create_table. */
function writeIndexObject(builder: SqlBuilder, index: PyValue, table: string): void {
  if (index.type !== 'call') return;
  const name = requireName(index.args[0] ?? index.kwargs.get('name'), 'index name', index.span);
  const columns = index.args.slice(1);
  writeIndex(builder, { name: name.text, table, columns, kwargs: index.kwargs, span: index.span });
}

export function translateDropTable(op: OpCall, builder: SqlBuilder): void {
  const args = new BoundArguments(op, ['table_name']);
  builder.raw(`DROP TABLE ${args.qualifiedTable()}`).end();
}

export function translateRenameTable(op: OpCall, builder: SqlBuilder): void {
  const args = new BoundArguments(op, ['old_table_name', 'new_table_name'], 'old_table_name');
  const newName = args.name('new_table_name', 'new table name');
  builder
    .raw(`ALTER TABLE ${qualifiedName(args.table().text, args.schema())} RENAME TO `)
    .mapped(newName.span, quoteIdentifier(newName.text))
    .end();
}
