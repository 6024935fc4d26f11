import { lastName, type PyValue } from '../python/python-values.js';
import { describeValue, isCallTo } from './literal-arguments.js';
import { quoteLiteral, Unresolvable } from './sql-builder.js';

/**
 * `server_default=` as the DEFAULT clause SQLAlchemy renders: a plain string is a quoted literal
 * ('0' stays a string literal), `sa.text("now()")` is copied as written, `sa.func.now()` becomes
 * `now()`, `sa.true()` becomes `true`.
 */

export interface DefaultSql {
  sql: string;
  /** For `sa.text("…")`: the string value, so the SQL can map back to it character by character. */
  text?: Extract<PyValue, { type: 'str' }>;
}

/** SQL standard functions SQLAlchemy renders without parentheses. */
const NO_PARENTHESES = new Set([
  'current_timestamp',
  'current_date',
  'current_time',
  'localtime',
  'localtimestamp',
  'current_user',
  'session_user',
  'user',
]);

export function serverDefaultSql(value: PyValue): DefaultSql {
  if (value.type === 'str') return { sql: quoteLiteral(value.value) };
  if (isCallTo(value, 'text', 'literal_column') && value.args[0]?.type === 'str') return { sql: value.args[0].value, text: value.args[0] };
  if (isCallTo(value, 'DefaultClause')) return serverDefaultSql(value.args[0] ?? value);
  if (isCallTo(value, 'true', 'false') && !/func\./.test(value.callee ?? '')) return { sql: lastName(value.callee)! };
  if (isCallTo(value, 'null') && !/func\./.test(value.callee ?? '')) return { sql: 'NULL' };
  if (value.type === 'call' && /(?:^|\.)func\.\w+$/.test(value.callee ?? '')) return { sql: functionCall(value) };
  throw new Unresolvable(`the server default is ${describeValue(value)}`, value.span);
}

function functionCall(call: Extract<PyValue, { type: 'call' }>): string {
  const name = lastName(call.callee)!;
  if (NO_PARENTHESES.has(name.toLowerCase()) && call.args.length === 0) return name.toUpperCase();
  const args = call.args.map((item) => {
    if (item.type === 'str') return quoteLiteral(item.value);
    if (item.type === 'num') return item.value;
    if (item.type === 'call') return serverDefaultSql(item).sql;
    throw new Unresolvable(`an argument of ${call.callee}() is ${describeValue(item)}`, item.span);
  });
  return `${name}(${args.join(', ')})`;
}
