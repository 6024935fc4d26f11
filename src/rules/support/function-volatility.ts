import catalogue from './function-volatility.json' with { type: 'json' };
import type { SqlStatement } from '../../parse/sql/parse-sql.js';
import { asArray, nodeOf, stringList, walkNodes } from '../../parse/sql/ast.js';

/**
 * Volatility of functions as PostgreSQL's own catalogue (pg_proc) records it, generated into
 * function-volatility.json by scripts/generate-function-volatility.ts. PostgreSQL decides from the
 * same information whether ADD COLUMN … DEFAULT can store the value once (immutable or stable
 * default, PostgreSQL 11+) or must compute it for every row by rewriting the table (volatile).
 */

export type Volatility = 'immutable' | 'stable' | 'volatile';

const ORDER: readonly Volatility[] = ['immutable', 'stable', 'volatile'];

const BY_NAME = new Map<string, Volatility>();
for (const level of ORDER) for (const name of catalogue[level]) BY_NAME.set(name, level);

/** PostgreSQL version the catalogue was read from. */
export const CATALOGUE_POSTGRES_VERSION: string = catalogue.postgresVersion;

/**
 * SQL value functions (CURRENT_TIMESTAMP, LOCALTIME, CURRENT_USER …) are keywords, not pg_proc
 * entries; all are stable. calledFunctions() names them in lower case, `_n` when given a precision.
 */
const SQL_VALUE_FUNCTIONS = new Set([
  'current_date',
  'current_time',
  'current_timestamp',
  'localtime',
  'localtimestamp',
  'current_role',
  'current_user',
  'user',
  'session_user',
  'current_catalog',
  'current_schema',
  'system_user',
]);

/** Volatility of a built-in (or uuid-ossp / pgcrypto) function by name; undefined when unknown. */
export function functionVolatility(name: string): Volatility | undefined {
  const lower = name.toLowerCase();
  return BY_NAME.get(lower) ?? (SQL_VALUE_FUNCTIONS.has(lower.replace(/_n$/, '')) ? 'stable' : undefined);
}

export interface VolatileCall {
  /** The function name as written (`app.next_code`). */
  name: string;
  location?: number;
  /** Where its volatility comes from: PostgreSQL's catalogue, a CREATE FUNCTION in the file, or a guess. */
  source: 'catalogue' | 'declared' | 'unknown';
}

export interface ExpressionVolatility {
  volatility: Volatility;
  /** Calls that made the expression volatile. */
  volatileFunctions: VolatileCall[];
}

/**
 * Volatility of the functions created by the statements before `beforeIndex` (CREATE FUNCTION …
 * STABLE), by unqualified name. A function declared without a volatility is VOLATILE.
 */
export function declaredFunctionVolatility(statements: readonly SqlStatement[], beforeIndex: number): Map<string, Volatility> {
  const declared = new Map<string, Volatility>();
  for (const statement of statements.slice(0, beforeIndex)) {
    if (statement.kind !== 'CreateFunctionStmt' || !statement.ast) continue;
    const parts = stringList(statement.ast.funcname);
    const option = asArray(statement.ast.options)
      .map((item) => nodeOf(item, 'DefElem'))
      .find((element) => element?.defname === 'volatility');
    const level = nodeOf(option?.arg, 'String')?.sval;
    if (parts.length > 0) declared.set(parts[parts.length - 1]!.toLowerCase(), isVolatility(level) ? level : 'volatile');
  }
  return declared;
}

function isVolatility(value: unknown): value is Volatility {
  return typeof value === 'string' && (ORDER as readonly string[]).includes(value);
}

/**
 * The volatility of an expression: the most volatile function it calls. Functions are looked up by
 * their unqualified name, so `extensions.uuid_generate_v4()` is the extension's function. Functions
 * the catalogue does not know (user-defined, other extensions) are assumed volatile: without their
 * definition that is the only safe guess. SQL value functions such as CURRENT_TIMESTAMP or
 * CURRENT_USER are stable. `declared` (see declaredFunctionVolatility) takes precedence.
 */
export function expressionVolatility(expression: unknown, declared: ReadonlyMap<string, Volatility> = new Map()): ExpressionVolatility {
  let volatility: Volatility = 'immutable';
  const volatileFunctions: ExpressionVolatility['volatileFunctions'] = [];
  const raise = (level: Volatility): void => {
    if (ORDER.indexOf(level) > ORDER.indexOf(volatility)) volatility = level;
  };
  walkNodes(expression, (kind, fields) => {
    if (kind === 'SQLValueFunction') raise('stable');
    if (kind !== 'FuncCall') return;
    const parts = stringList(fields.funcname);
    const name = parts[parts.length - 1]?.toLowerCase() ?? '';
    const declaredLevel = declared.get(name);
    const level = declaredLevel ?? functionVolatility(name);
    raise(level ?? 'volatile');
    if (level === undefined || level === 'volatile') {
      const location = typeof fields.location === 'number' ? fields.location : undefined;
      const source = declaredLevel ? 'declared' : level ? 'catalogue' : 'unknown';
      volatileFunctions.push({ name: parts.join('.'), location, source });
    }
  });
  return { volatility, volatileFunctions };
}
