import { lastName, type PyValue, type Span } from '../python/python-values.js';
import { Unresolvable } from './sql-builder.js';

/**
 * Reading one argument value (found by bound-arguments.ts) as the literal the SQL needs: a name,
 * a list of names, a flag, a string option. Anything that is not literal (a variable assigned at
 * run time, a function result) raises Unresolvable naming the argument, which becomes the
 * `alembic-unresolved-op` notice.
 */

export interface NameArgument {
  text: string;
  span: Span;
}

/** What a value is, for messages: "the name table_name", "a call to make_name(…)". */
export function describeValue(value: PyValue | undefined): string {
  if (!value) return 'missing';
  switch (value.type) {
    case 'name':
      return `the name ${value.name}, whose value is only known when the migration runs`;
    case 'call':
      return `a call to ${value.callee ?? 'a computed function'}(…)`;
    case 'unknown':
      return value.why;
    default:
      return `a ${value.type} value`;
  }
}

/** A name argument: a string, `op.f("…")`, or `sa.quoted_name("…", …)`. */
export function requireName(value: PyValue | undefined, what: string, fallback?: Span): NameArgument {
  const name = optionalName(value);
  if (name) return name;
  throw new Unresolvable(`the ${what} is ${describeValue(value)}`, value?.span ?? fallback);
}

export function optionalName(value: PyValue | undefined): NameArgument | undefined {
  if (value?.type === 'str') return { text: value.value, span: value.span };
  // op.f() and conv() mark a name as final (no naming convention applied); quoted_name() forces quoting.
  if (isCallTo(value, 'f', 'conv', 'quoted_name')) return optionalName(value.args[0]);
  return undefined;
}

/** Names from a list argument (`["a", "b"]`) or a single name. */
export function requireNames(value: PyValue | undefined, what: string, fallback?: Span): NameArgument[] {
  if (value?.type === 'seq') return value.items.map((item) => requireName(item, what, fallback));
  return [requireName(value, what, fallback)];
}

/** A literal boolean flag; absent or None is false. */
export function flag(value: PyValue | undefined, what: string): boolean {
  if (!value || value.type === 'none') return false;
  if (value.type === 'bool') return value.value;
  if (value.type === 'num') return value.value !== '0';
  throw new Unresolvable(`${what} is ${describeValue(value)}`, value.span);
}

/** A literal string option (ondelete="CASCADE"); absent or None is undefined. */
export function optionalString(value: PyValue | undefined, what: string): string | undefined {
  if (!value || value.type === 'none') return undefined;
  if (value.type === 'str') return value.value;
  throw new Unresolvable(`${what} is ${describeValue(value)}`, value.span);
}

declare const matchedCall: unique symbol;
/** A call that matched isCallTo. Branded so a failed check does not rule out other calls in the else branch. */
export type MatchedCall = Extract<PyValue, { type: 'call' }> & { readonly [matchedCall]: true };

/** Whether a value is a call to one of the given constructors, by their last name (`sa.Column` → Column). */
export function isCallTo(value: PyValue | undefined, ...names: string[]): value is MatchedCall {
  return value?.type === 'call' && names.includes(lastName(value.callee) ?? '');
}
