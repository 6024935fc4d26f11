import { lastName, type PyValue, type Span } from '../parse/python/python-values.js';
import type { ModelForeignKey } from './model-types.js';

/**
 * Lenient readers for the arguments of `Column(...)`, `mapped_column(...)` and `ForeignKey(...)`.
 * Unlike the Alembic translator, which must produce exact DDL, a model reader only needs the
 * facts rules look at, so a value it cannot read becomes "unknown" (undefined) instead of an error.
 */

export type CallValue = Extract<PyValue, { type: 'call' }>;
declare const matched: unique symbol;
/** Branded so that a failed isCall check does not rule out other calls in the else branch. */
export type MatchedCall = CallValue & { readonly [matched]: true };

/** Constructors that appear among a Column's positional arguments but are not its type. */
const NOT_TYPES = new Set([
  'ForeignKey',
  'Sequence',
  'Identity',
  'Computed',
  'CheckConstraint',
  'FetchedValue',
  'DefaultClause',
  'UniqueConstraint',
]);

export function isCall(value: PyValue | undefined, ...names: string[]): value is MatchedCall {
  return value?.type === 'call' && names.includes(lastName(value.callee) ?? '');
}

/** A literal boolean (or 0/1); undefined for absent, None-less unknown values. */
export function literalFlag(value: PyValue | undefined): boolean | undefined {
  if (value?.type === 'bool') return value.value;
  if (value?.type === 'num') return value.value !== '0';
  if (value?.type === 'none') return false;
  return undefined;
}

/** A literal string, or `op.f("…")`-like wrappers around one. */
export function literalName(value: PyValue | undefined): string | undefined {
  if (value?.type === 'str') return value.value;
  if (isCall(value, 'f', 'conv', 'quoted_name')) return literalName(value.args[0]);
  return undefined;
}

/** The type argument among positional arguments (after an optional leading name). */
export function typeArgument(positional: readonly PyValue[]): PyValue | undefined {
  return positional.find((item) => (item.type === 'name' || item.type === 'call') && !NOT_TYPES.has(typeNameOf(item) ?? ''));
}

/** `sa.DateTime(timezone=True)` → "DateTime"; a method chain (`JSON().with_variant(...)`) is unknown. */
export function typeNameOf(value: PyValue | undefined): string | undefined {
  const name = value?.type === 'name' ? value.name : value?.type === 'call' ? value.callee : undefined;
  if (!name || name.includes('()')) return undefined;
  return lastName(name);
}

/** timezone= of a DateTime/TIMESTAMP/Time type (also its first positional argument); undefined when not literal. */
export function timezoneOf(value: PyValue | undefined): boolean | undefined {
  if (value?.type !== 'call') return false;
  const argument = value.kwargs.get('timezone') ?? value.args[0];
  return argument === undefined ? false : literalFlag(argument);
}

/** `ForeignKey("users.id", ondelete="CASCADE")`, or a target string (SQLModel's foreign_key=). */
export function readForeignKey(target: PyValue | undefined, onDelete: PyValue | undefined, span: Span): ModelForeignKey {
  const text = literalName(target) ?? (target?.type === 'name' ? target.name : '?');
  const parts = literalName(target)?.split('.') ?? [];
  return {
    target: text,
    ...(parts.length >= 2 ? { table: parts[parts.length - 2]!, column: parts[parts.length - 1]! } : {}),
    ...(onDelete === undefined || onDelete.type === 'none' ? {} : { onDelete: literalName(onDelete) ?? null }),
    span,
  };
}

export function foreignKeysIn(positional: readonly PyValue[]): ModelForeignKey[] {
  return positional
    .filter((item): item is CallValue => isCall(item, 'ForeignKey'))
    .map((call) => readForeignKey(call.args[0] ?? call.kwargs.get('column'), call.kwargs.get('ondelete'), call.span));
}
