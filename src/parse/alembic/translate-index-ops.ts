import type { PyValue, Span } from '../python/python-values.js';
import { BoundArguments } from './bound-arguments.js';
import { describeValue, flag, isCallTo, optionalString, requireNames } from './literal-arguments.js';
import type { OpCall } from './op-calls.js';
import { qualifiedName, quoteIdentifier, Unresolvable, type SqlBuilder } from './sql-builder.js';

/**
 * create_index and drop_index with their PostgreSQL options: unique, postgresql_concurrently,
 * postgresql_using, postgresql_include, postgresql_ops and postgresql_where. Column names are
 * quoted like SQLAlchemy quotes them; `sa.text("lower(email)")` elements are copied as written.
 */

export interface IndexSpec {
  name: string;
  /** Qualified, quoted table name. */
  table: string;
  columns: readonly PyValue[];
  kwargs: ReadonlyMap<string, PyValue>;
  span: Span;
}

export function translateCreateIndex(op: OpCall, builder: SqlBuilder): void {
  const args = new BoundArguments(op, ['index_name', 'table_name', 'columns']);
  const name = args.name('index_name', 'index name');
  const columns = args.get('columns');
  const list = columns?.type === 'seq' ? columns.items : columns ? [columns] : [];
  writeIndex(builder, { name: name.text, table: args.qualifiedTable(), columns: list, kwargs: op.call.kwargs, span: op.span });
}

export function writeIndex(builder: SqlBuilder, index: IndexSpec): void {
  const option = (key: string) => index.kwargs.get(key);
  const unique = flag(option('unique'), 'unique') ? 'UNIQUE ' : '';
  const concurrently = flag(option('postgresql_concurrently'), 'postgresql_concurrently') ? 'CONCURRENTLY ' : '';
  const ifNotExists = flag(option('if_not_exists'), 'if_not_exists') ? 'IF NOT EXISTS ' : '';
  const method = optionalString(option('postgresql_using'), 'postgresql_using');
  builder.mapped(index.span, `CREATE ${unique}INDEX ${concurrently}${ifNotExists}${quoteIdentifier(index.name)} ON ${index.table}`);
  if (method) builder.raw(` USING ${method}`);
  const operatorClasses = operatorClassesOf(option('postgresql_ops'));
  builder
    .raw(' (')
    .list(index.columns, ', ', (column) => writeIndexElement(builder, column, operatorClasses))
    .raw(')');
  const include = option('postgresql_include');
  if (include && include.type !== 'none')
    builder.raw(
      ` INCLUDE (${requireNames(include, 'included column')
        .map((item) => quoteIdentifier(item.text))
        .join(', ')})`,
    );
  const where = option('postgresql_where');
  if (where && where.type !== 'none') {
    const text = where.type === 'str' ? where : isCallTo(where, 'text') && where.args[0]?.type === 'str' ? where.args[0] : undefined;
    if (!text || text.type !== 'str') throw new Unresolvable(`postgresql_where is ${describeValue(where)}`, where.span);
    builder.raw(' WHERE ').verbatim(text.span, text.value, text.pieces);
  }
  builder.end();
}

function writeIndexElement(builder: SqlBuilder, column: PyValue, operatorClasses: Map<string, string>): void {
  if (column.type === 'str') {
    const opclass = operatorClasses.get(column.value);
    builder.mapped(column.span, quoteIdentifier(column.value) + (opclass ? ` ${opclass}` : ''));
    return;
  }
  if (isCallTo(column, 'text', 'literal_column') && column.args[0]?.type === 'str') {
    const text = column.args[0];
    builder.verbatim(text.span, text.value, text.pieces);
    return;
  }
  throw new Unresolvable(`an index element is ${describeValue(column)}`, column.span);
}

function operatorClassesOf(value: PyValue | undefined): Map<string, string> {
  const classes = new Map<string, string>();
  if (value?.type !== 'dict') return classes;
  for (const [key, item] of value.entries) if (key.type === 'str' && item.type === 'str') classes.set(key.value, item.value);
  return classes;
}

export function translateDropIndex(op: OpCall, builder: SqlBuilder): void {
  const args = new BoundArguments(op, ['index_name', 'table_name', 'schema']);
  const name = args.name('index_name', 'index name');
  const concurrently = flag(args.get('postgresql_concurrently'), 'postgresql_concurrently') ? 'CONCURRENTLY ' : '';
  const ifExists = flag(args.get('if_exists'), 'if_exists') ? 'IF EXISTS ' : '';
  builder.raw(`DROP INDEX ${concurrently}${ifExists}`).mapped(name.span, qualifiedName(name.text, args.schema())).end();
}
