import { lastName, type PyValue } from '../parse/python/python-values.js';
import { isCall, literalFlag, literalName, readForeignKey, type CallValue } from './column-arguments.js';
import type { ModelForeignKey, ModelIndex } from './model-types.js';

/**
 * Table-level constructs: the `Index`, `UniqueConstraint`, `PrimaryKeyConstraint` and
 * `ForeignKeyConstraint` entries of `__table_args__`, of a Core `Table(...)` call, or of a
 * module-level `Index("ix", User.email)`. A column reference may be a string, the attribute itself
 * (`email` inside the class body) or `User.email`; anything else is an expression (undefined).
 */

export interface TableArguments {
  indexes: ModelIndex[];
  foreignKeys: Array<{ columns: string[]; foreignKey: ModelForeignKey }>;
  /** False when the arguments are not a literal tuple/dict (computed at run time). */
  readable: boolean;
}

export function readTableArguments(value: PyValue | undefined): TableArguments {
  const result: TableArguments = { indexes: [], foreignKeys: [], readable: true };
  if (!value || value.type === 'dict') return result;
  if (value.type !== 'seq' && value.type !== 'call') return { ...result, readable: false };
  for (const item of value.type === 'seq' ? value.items : [value]) readTableItem(item, result);
  return result;
}

/** One positional item of `__table_args__` or `Table(...)`; Columns and unknown items are skipped. */
export function readTableItem(item: PyValue, into: TableArguments): void {
  if (isCall(item, 'Index')) into.indexes.push(readIndex(item));
  else if (isCall(item, 'UniqueConstraint')) into.indexes.push(constraint(item, 'unique'));
  else if (isCall(item, 'PrimaryKeyConstraint')) into.indexes.push(constraint(item, 'primary-key'));
  else if (isCall(item, 'ForeignKeyConstraint')) into.foreignKeys.push(readForeignKeyConstraint(item));
  else if (item.type === 'unknown') into.readable = false;
}

export function readIndex(call: CallValue): ModelIndex {
  const [first, ...rest] = call.args;
  const name = literalName(first);
  const unique = literalFlag(call.kwargs.get('unique')) === true;
  return { ...(name ? { name } : {}), columns: rest.map(columnReference), unique, kind: unique ? 'unique' : 'index', span: call.span };
}

function constraint(call: CallValue, kind: 'unique' | 'primary-key'): ModelIndex {
  const name = literalName(call.kwargs.get('name'));
  return { ...(name ? { name } : {}), columns: call.args.map(columnReference), unique: true, kind, span: call.span };
}

function readForeignKeyConstraint(call: CallValue): { columns: string[]; foreignKey: ModelForeignKey } {
  const columns = call.args[0] ?? call.kwargs.get('columns');
  const targets = call.args[1] ?? call.kwargs.get('refcolumns');
  const names = columns?.type === 'seq' ? columns.items.map(columnReference) : [];
  const firstTarget = targets?.type === 'seq' ? targets.items[0] : targets;
  return {
    columns: names.filter((name): name is string => name !== undefined),
    foreignKey: readForeignKey(firstTarget, call.kwargs.get('ondelete'), call.span),
  };
}

/** `"email"`, `email`, `User.email`, `sa.column("email")` → "email"; expressions → undefined. */
export function columnReference(value: PyValue): string | undefined {
  if (value.type === 'name') return lastName(value.name);
  if (isCall(value, 'column', 'literal_column')) return literalName(value.args[0]);
  return literalName(value);
}
