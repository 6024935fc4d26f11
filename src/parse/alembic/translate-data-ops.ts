import type { PyValue } from '../python/python-values.js';
import { createEnumSql, sqlType } from './column-types.js';
import { BoundArguments } from './bound-arguments.js';
import { describeValue, isCallTo, requireName } from './literal-arguments.js';
import type { OpCall } from './op-calls.js';
import { quoteIdentifier, quoteLiteral, Unresolvable, type SqlBuilder } from './sql-builder.js';
import { textArgument } from './translate-constraint-ops.js';

/**
 * Operations that carry SQL or data rather than schema: execute (a SQL string or `sa.text`, copied
 * verbatim so findings point inside the string), bulk_insert (one multi-row INSERT), and
 * `Enum(...).create(bind)` / `.drop(bind)` (CREATE TYPE / DROP TYPE).
 */

export interface DataChange {
  verb: 'UPDATE' | 'INSERT' | 'DELETE';
  table?: string;
}

/** A SQLAlchemy expression passed to execute (`users.update().where(…)`): what it does, when the shape says. */
export class UnresolvedDataChange extends Unresolvable {
  constructor(
    reason: string,
    readonly change: DataChange,
    span?: PyValue['span'],
  ) {
    super(reason, span);
  }
}

export function translateExecute(op: OpCall, builder: SqlBuilder): void {
  const args = new BoundArguments(op, ['sqltext']);
  const value = args.get('sqltext') ?? args.get('statement');
  const verb = /\.(update|insert|delete)\(\)/.exec(`${value?.type === 'call' ? value.callee : ''}()`)?.[1];
  if (verb && value?.type === 'call') {
    const receiver = value.callee!.split('.')[0]!;
    throw new UnresolvedDataChange(
      `execute() is given the SQLAlchemy expression ${value.callee}(…), not SQL text`,
      { verb: verb.toUpperCase() as DataChange['verb'], table: receiver },
      value.span,
    );
  }
  const text = textArgument(value, 'the executed statement');
  builder.verbatim(text.span, text.value, text.pieces).end();
}

export function translateBulkInsert(op: OpCall, builder: SqlBuilder): void {
  const args = new BoundArguments(op, ['table', 'rows']);
  const table = tableObjectName(args.get('table'));
  const rows = args.get('rows');
  if (rows?.type !== 'seq')
    throw new UnresolvedDataChange(`the rows are ${describeValue(rows)}`, { verb: 'INSERT', table }, rows?.span ?? op.span);
  if (rows.items.length === 0) return;
  const dicts = rows.items.map((row) => (row.type === 'dict' ? row.entries : undefined));
  if (dicts.some((row) => !row)) throw new UnresolvedDataChange('a row is not a literal dict', { verb: 'INSERT', table }, rows.span);
  const columns = [...new Set(dicts.flatMap((row) => row!.map(([key]) => (key.type === 'str' ? key.value : '?'))))];
  const values = dicts.map(
    (row) => `(${columns.map((column) => literalSql(row!.find(([key]) => key.type === 'str' && key.value === column)?.[1])).join(', ')})`,
  );
  builder.raw(`INSERT INTO ${quoteIdentifier(table)} (${columns.map(quoteIdentifier).join(', ')}) VALUES ${values.join(', ')}`).end();
}

/** The table name of `sa.table("name", …)`, `sa.Table("name", …)` or the result of op.create_table("name", …). */
function tableObjectName(value: PyValue | undefined): string {
  if (isCallTo(value, 'table', 'Table', 'create_table')) return requireName(value.args[0], 'table name', value.span).text;
  throw new Unresolvable(`the table is ${describeValue(value)}`, value?.span);
}

/**
 * A row value as SQL. Values computed in Python (dates, UUIDs, enum members) become DEFAULT: the
 * statement's shape (which table, which columns) is what the review needs, not the data itself.
 */
function literalSql(value: PyValue | undefined): string {
  if (!value) return 'DEFAULT';
  if (value.type === 'str') return quoteLiteral(value.value);
  if (value.type === 'num') return value.value;
  if (value.type === 'bool') return value.value ? 'true' : 'false';
  if (value.type === 'none') return 'NULL';
  return 'DEFAULT';
}

/** `sa.Enum("a", "b", name="mood").create(bind)` → CREATE TYPE; `.drop(bind)` → DROP TYPE. */
export function translateEnumCommand(op: OpCall, builder: SqlBuilder): void {
  const type = sqlType(op.receiver);
  if (!type.enum) throw new Unresolvable(`${describeValue(op.receiver)} is not a named enum`, op.span);
  // checkfirst=True looks the type up first: for DROP that is IF EXISTS; CREATE has no such clause.
  const checkFirst = op.call.kwargs.get('checkfirst');
  if (op.name === 'enum.drop') {
    const ifExists = checkFirst?.type === 'bool' && checkFirst.value ? 'IF EXISTS ' : '';
    builder.raw(`DROP TYPE ${ifExists}${quoteIdentifier(type.enum.name)}`).end();
    return;
  }
  const sql = createEnumSql(type);
  if (!sql) throw new Unresolvable(`the values of enum "${type.enum.name}" are not literal`, op.receiver?.span);
  builder.raw(sql).end();
}

export function translateTableComment(op: OpCall, builder: SqlBuilder): void {
  const args = new BoundArguments(op, ['table_name', 'comment']);
  const comment = args.get('comment');
  const text = op.name === 'drop_table_comment' ? 'NULL' : comment?.type === 'str' ? quoteLiteral(comment.value) : undefined;
  if (!text) throw new Unresolvable(`the comment is ${describeValue(comment)}`, comment?.span);
  builder.raw(`COMMENT ON TABLE ${args.qualifiedTable()} IS ${text}`).end();
}
