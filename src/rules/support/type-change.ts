import { nodeOf, stringList, walkNodes } from '../../parse/sql/ast.js';
import { columnTypeOf, FLOAT_TYPES, INTEGER_TYPES, type ColumnType } from './column-types.js';

/**
 * What ALTER COLUMN … TYPE does to the rows, from the old and new types: nothing (binary-compatible,
 * catalogue only), a rewrite of the table and its indexes, or a rewrite that can also lose data.
 * Mirrors PostgreSQL's own shortcuts (ALTER TABLE docs; 9.2, 12 release notes).
 */

export type TypeChange =
  | { kind: 'binary-compatible' }
  /** timestamp ↔ timestamptz on PostgreSQL 12+: no rewrite only when the session TimeZone is UTC. */
  | { kind: 'needs-utc-session' }
  | { kind: 'rewrite'; mayFail?: string; loses?: string; lossLocation?: number };

const VARIABLE_LENGTH = new Set(['varchar', 'varbit']);
const TIMESTAMPS = new Set(['timestamp', 'timestamptz']);
/** Types whose modifier is a number of fractional-second digits (at most 6; none means 6). */
const FRACTIONAL_SECONDS = new Set(['timestamp', 'timestamptz', 'time', 'timetz']);
/** The citext extension casts text and varchar to citext and back WITHOUT FUNCTION: the bytes stay. */
const CITEXT_PEERS = new Set(['text', 'varchar']);

/** Whether going from `from` to `to` without USING keeps every stored value as it is, bit for bit. */
export function isBinaryCompatible(from: ColumnType, to: ColumnType): boolean {
  if (from.array || to.array) return from.text === to.text;
  if (from.text === to.text) return true;
  const [fromLength] = from.modifiers;
  const [toLength] = to.modifiers;
  if (VARIABLE_LENGTH.has(from.name) && from.name === to.name)
    return toLength === undefined || (fromLength !== undefined && toLength >= fromLength);
  if (from.name === 'varchar' && to.name === 'text') return true;
  if (from.name === 'text' && to.name === 'varchar') return toLength === undefined;
  if (from.name === 'cidr' && to.name === 'inet') return true;
  if (from.name === 'numeric' && to.name === 'numeric') return numericWidens(from.modifiers, to.modifiers);
  // Times and timestamps keep at most 6 fractional digits: no precision and precision 6 are the same.
  if (FRACTIONAL_SECONDS.has(from.name) && from.name === to.name) return (toLength ?? 6) >= (fromLength ?? 6);
  if (to.name === 'citext') return CITEXT_PEERS.has(from.name);
  if (from.name === 'citext') return to.name === 'text' || (to.name === 'varchar' && toLength === undefined);
  return false;
}

/** numeric(p,s) → numeric(p2 ≥ p, same s), or to unconstrained numeric. */
function numericWidens(from: number[], to: number[]): boolean {
  if (to.length === 0) return true;
  if (from.length === 0) return false;
  const [fromPrecision, fromScale = 0] = from;
  const [toPrecision, toScale = 0] = to;
  return toScale === fromScale && toPrecision! >= fromPrecision!;
}

/** Classifies a change from a known old type. `using` is the USING expression, if any. */
export function classifyTypeChange(from: ColumnType, to: ColumnType, using: unknown, column: string, pgVersion: number): TypeChange {
  if (using === undefined || isBareColumn(using, column) || isCastToTarget(using, column, to)) {
    if (isBinaryCompatible(from, to)) return { kind: 'binary-compatible' };
    if (pgVersion >= 12 && !from.array && !to.array && TIMESTAMPS.has(from.name) && TIMESTAMPS.has(to.name) && from.name !== to.name) {
      return { kind: 'needs-utc-session' };
    }
  }
  const usingLoss = using === undefined ? undefined : lossInUsing(using, column, from);
  if (usingLoss) return { kind: 'rewrite', loses: usingLoss.loses, lossLocation: usingLoss.location };
  // Without an explicit cast, PostgreSQL applies the assignment cast: it rounds, or fails, but never truncates text.
  return { kind: 'rewrite', loses: using === undefined ? conversionLoss(from, to, false) : undefined, mayFail: failureRisk(from, to) };
}

/** What an explicit (USING … ::type) or assignment conversion throws away, if anything. */
export function conversionLoss(from: ColumnType | undefined, to: ColumnType, explicit: boolean): string | undefined {
  const [toFirst] = to.modifiers;
  if (explicit && ['varchar', 'char'].includes(to.name) && toFirst !== undefined && (from?.modifiers[0] ?? Infinity) > toFirst) {
    return `values longer than ${toFirst} characters are silently cut to ${to.text}`;
  }
  if (!from) return undefined;
  const fractional = FLOAT_TYPES.has(from.name) || (from.name === 'numeric' && numericScale(from) > 0);
  if (INTEGER_TYPES.has(to.name) && fractional) return `fractional parts are rounded away when ${from.text} becomes ${to.text}`;
  if (
    to.name === 'numeric' &&
    to.modifiers.length > 0 &&
    (FLOAT_TYPES.has(from.name) || (from.name === 'numeric' && numericScale(from) > numericScale(to)))
  ) {
    return `digits beyond scale ${numericScale(to)} are rounded away when ${from.text} becomes ${to.text}`;
  }
  if (to.name === 'date' && TIMESTAMPS.has(from.name)) return `the time of day is dropped when ${from.text} becomes date`;
  if (to.name === 'real' && (from.name === 'double precision' || from.name === 'numeric'))
    return `precision beyond about 6 digits is lost when ${from.text} becomes real`;
  const sameClock = (TIMESTAMPS.has(to.name) && TIMESTAMPS.has(from.name)) || (to.name === from.name && FRACTIONAL_SECONDS.has(to.name));
  if (sameClock && toFirst !== undefined && toFirst < (from.modifiers[0] ?? 6)) {
    return `fractional seconds are rounded to ${toFirst} digits`;
  }
  return undefined;
}

/** Digits after the decimal point a numeric type keeps; unconstrained numeric keeps all. */
function numericScale(type: ColumnType): number {
  if (type.modifiers.length === 0) return Infinity;
  return type.modifiers[1] ?? 0;
}

/** Why the rewrite may stop half-way with an error (values that do not fit the new type). */
function failureRisk(from: ColumnType, to: ColumnType): string | undefined {
  const [toLength] = to.modifiers;
  if (
    ['varchar', 'char'].includes(to.name) &&
    toLength !== undefined &&
    (from.modifiers[0] === undefined || from.modifiers[0] > toLength)
  ) {
    return `it fails if any existing value is longer than ${toLength} characters`;
  }
  const widths = ['smallint', 'integer', 'bigint'];
  if (widths.includes(from.name) && widths.includes(to.name) && widths.indexOf(to.name) < widths.indexOf(from.name)) {
    return `it fails if any existing value is out of range for ${to.text}`;
  }
  return undefined;
}

/** Functions whose result keeps only part of their input. */
const LOSSY_FUNCTIONS = new Set([
  'substr',
  'substring',
  'left',
  'right',
  'round',
  'trunc',
  'floor',
  'ceil',
  'ceiling',
  'date_trunc',
  'split_part',
  'date',
]);

/**
 * A USING expression's information loss: a function that keeps part of its input, or a narrowing
 * cast of the column. Works without the old type too (then only casts to a length can be judged).
 */
export function lossInUsing(
  using: unknown,
  column: string,
  from: ColumnType | undefined,
): { loses: string; location?: number } | undefined {
  let loss: { loses: string; location?: number } | undefined;
  walkNodes(using, (kind, fields) => {
    if (loss) return;
    if (kind === 'FuncCall') {
      const parts = stringList(fields.funcname);
      const name = parts[parts.length - 1]?.toLowerCase() ?? '';
      if (LOSSY_FUNCTIONS.has(name))
        loss = { loses: `${name}() keeps only part of each value`, location: fields.location as number | undefined };
    } else if (kind === 'TypeCast' && isBareColumn(fields.arg, column)) {
      const loses = conversionLoss(from, columnTypeOf(fields.typeName), true);
      // Underline the target type of the cast (the `::` alone says little).
      if (loses)
        loss = {
          loses,
          location: ((fields.typeName as { location?: number } | undefined)?.location ?? fields.location) as number | undefined,
        };
    }
  });
  return loss;
}

/**
 * `USING col::new_type` — the column cast to exactly the type it becomes, which is what the
 * conversion does anyway (Django writes it on every AlterField): judged like no USING clause.
 */
function isCastToTarget(expression: unknown, column: string, to: ColumnType): boolean {
  const cast = nodeOf(expression, 'TypeCast');
  return cast !== undefined && isBareColumn(cast.arg, column) && columnTypeOf(cast.typeName).text === to.text;
}

/** `USING col` — the column itself, which PostgreSQL treats like no USING clause. */
export function isBareColumn(expression: unknown, column: string): boolean {
  const fields = stringList(nodeOf(expression, 'ColumnRef')?.fields);
  return fields.length > 0 && fields[fields.length - 1] === column;
}
