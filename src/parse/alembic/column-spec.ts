import type { PyValue, Span } from '../python/python-values.js';
import { sqlType, isTypeValue, type SqlType } from './column-types.js';
import { describeValue, flag, isCallTo, optionalString, requireName, type NameArgument } from './literal-arguments.js';
import { serverDefaultSql, type DefaultSql } from './server-default.js';
import { Unresolvable } from './sql-builder.js';

/**
 * One `sa.Column(...)` read into what the DDL needs: name, type, nullability (SQLAlchemy's
 * default: nullable unless part of the primary key), server default, Python-side default,
 * foreign keys, and the unique/index flags that become separate constraints or indexes.
 */

export interface ForeignKeySpec {
  table: string;
  schema?: string;
  columns: string[];
  name?: string;
  onDelete?: string;
  onUpdate?: string;
  span: Span;
}

export interface ColumnSpec {
  name: NameArgument;
  span: Span;
  type: SqlType;
  typeSpan: Span;
  nullable: boolean;
  primaryKey: boolean;
  serverDefault?: DefaultSql & { span: Span };
  /** Where `default=` (Python-side, never in the DDL) is given. */
  pythonDefault?: Span;
  foreignKeys: ForeignKeySpec[];
  unique: boolean;
  index: boolean;
  autoincrement: 'auto' | boolean;
  /** GENERATED … AS IDENTITY / GENERATED ALWAYS AS (…) STORED clause. */
  generated?: string;
}

export function readColumn(call: PyValue): ColumnSpec {
  if (!isCallTo(call, 'Column')) throw new Unresolvable(`the column is ${describeValue(call)}`, call.span);
  const positional = [...call.args];
  const name = requireName(
    call.kwargs.get('name') ?? (positional[0]?.type === 'str' || isCallTo(positional[0], 'f') ? positional.shift() : undefined),
    'column name',
    call.span,
  );
  const typeValue =
    call.kwargs.get('type_') ??
    positional.find(isTypeValue) ??
    positional.find((item) => item.type === 'call' && !isConstraintCall(item)) ??
    positional[0];
  if (!typeValue) throw new Unresolvable(`column "${name.text}" has no type (it is copied from a foreign key at run time)`, call.span);
  const primaryKey = flag(call.kwargs.get('primary_key'), 'primary_key');
  const nullable = call.kwargs.has('nullable') ? flag(call.kwargs.get('nullable'), 'nullable') : !primaryKey;
  const serverDefault = call.kwargs.get('server_default');
  const defaultSql =
    serverDefault && serverDefault.type !== 'none' ? { ...serverDefaultSql(serverDefault), span: serverDefault.span } : undefined;
  const autoincrement = call.kwargs.get('autoincrement');
  return {
    name,
    span: call.span,
    type: sqlType(typeValue),
    typeSpan: typeValue.span,
    nullable,
    primaryKey,
    ...(defaultSql ? { serverDefault: defaultSql } : {}),
    ...(call.kwargs.has('default') && call.kwargs.get('default')?.type !== 'none'
      ? { pythonDefault: call.kwargs.get('default')!.span }
      : {}),
    foreignKeys: positional.filter((item) => isCallTo(item, 'ForeignKey')).map(foreignKey),
    unique: flag(call.kwargs.get('unique'), 'unique'),
    index: flag(call.kwargs.get('index'), 'index'),
    autoincrement: autoincrement?.type === 'str' ? 'auto' : autoincrement ? flag(autoincrement, 'autoincrement') : 'auto',
    ...generatedClause(positional),
  };
}

function isConstraintCall(value: PyValue): boolean {
  return isCallTo(value, 'ForeignKey', 'Identity', 'Computed', 'Sequence', 'CheckConstraint', 'FetchedValue');
}

/** `sa.ForeignKey("schema.table.column", ondelete=…)`. */
function foreignKey(call: PyValue): ForeignKeySpec {
  if (call.type !== 'call') throw new Unresolvable('the foreign key is not a call', call.span);
  const target = requireName(call.args[0] ?? call.kwargs.get('column'), 'foreign key target', call.span).text.split('.');
  if (target.length < 2) throw new Unresolvable(`the foreign key target "${target.join('.')}" names no table`, call.span);
  const name = optionalString(call.kwargs.get('name'), 'the foreign key name');
  const onDelete = optionalString(call.kwargs.get('ondelete'), 'ondelete');
  const onUpdate = optionalString(call.kwargs.get('onupdate'), 'onupdate');
  return {
    table: target[target.length - 2]!,
    ...(target.length > 2 ? { schema: target[target.length - 3]! } : {}),
    columns: [target[target.length - 1]!],
    ...(name ? { name } : {}),
    ...(onDelete ? { onDelete } : {}),
    ...(onUpdate ? { onUpdate } : {}),
    span: call.span,
  };
}

function generatedClause(positional: PyValue[]): { generated?: string } {
  const identity = positional.find((item) => isCallTo(item, 'Identity'));
  if (identity?.type === 'call') {
    return { generated: `GENERATED ${flag(identity.kwargs.get('always'), 'always') ? 'ALWAYS' : 'BY DEFAULT'} AS IDENTITY` };
  }
  const computed = positional.find((item) => isCallTo(item, 'Computed'));
  if (computed?.type === 'call') {
    const expression = computed.args[0] ?? computed.kwargs.get('sqltext');
    if (expression?.type !== 'str') throw new Unresolvable(`the computed expression is ${describeValue(expression)}`, computed.span);
    return { generated: `GENERATED ALWAYS AS (${expression.value}) STORED` };
  }
  return {};
}
