import { lastName, type PyValue } from '../python/python-values.js';
import { describeValue, flag, optionalName } from './literal-arguments.js';
import { quoteIdentifier, quoteLiteral, Unresolvable } from './sql-builder.js';

/**
 * SQLAlchemy column types as the PostgreSQL dialect renders them in DDL: `sa.DateTime()` is
 * `TIMESTAMP WITHOUT TIME ZONE`, `sa.String(50)` is `VARCHAR(50)`, `sa.Enum(..., name="mood")` is
 * the enum type `mood`. Types from other libraries or custom TypeDecorators cannot be known
 * statically and are reported as unresolved.
 */

export interface SqlType {
  sql: string;
  /** Integer types, which SQLAlchemy turns into SERIAL/BIGSERIAL for an autoincrement primary key. */
  serial?: string;
  /** A named PostgreSQL enum the type refers to; values are known when listed literally. */
  enum?: { name: string; values?: string[]; createType: boolean };
}

type Render = (call: Extract<PyValue, { type: 'call' }> | undefined) => SqlType;

const fixed =
  (sql: string): Render =>
  () => ({ sql });
const integer =
  (sql: string, serial: string): Render =>
  () => ({ sql, serial });

const RENDERERS: Record<string, Render> = {
  Integer: integer('INTEGER', 'SERIAL'),
  INTEGER: integer('INTEGER', 'SERIAL'),
  INT: integer('INTEGER', 'SERIAL'),
  BigInteger: integer('BIGINT', 'BIGSERIAL'),
  BIGINT: integer('BIGINT', 'BIGSERIAL'),
  SmallInteger: integer('SMALLINT', 'SMALLSERIAL'),
  SMALLINT: integer('SMALLINT', 'SMALLSERIAL'),
  String: sized('VARCHAR'),
  VARCHAR: sized('VARCHAR'),
  Unicode: sized('VARCHAR'),
  NVARCHAR: sized('VARCHAR'),
  AutoString: sized('VARCHAR'),
  CHAR: sized('CHAR'),
  Text: fixed('TEXT'),
  TEXT: fixed('TEXT'),
  UnicodeText: fixed('TEXT'),
  CITEXT: fixed('CITEXT'),
  Boolean: fixed('BOOLEAN'),
  BOOLEAN: fixed('BOOLEAN'),
  DateTime: timeType('TIMESTAMP'),
  DATETIME: timeType('TIMESTAMP'),
  TIMESTAMP: timeType('TIMESTAMP'),
  Time: timeType('TIME'),
  TIME: timeType('TIME'),
  Date: fixed('DATE'),
  DATE: fixed('DATE'),
  Interval: fixed('INTERVAL'),
  INTERVAL: fixed('INTERVAL'),
  Float: floatType,
  FLOAT: floatType,
  REAL: fixed('REAL'),
  Double: fixed('DOUBLE PRECISION'),
  DOUBLE: fixed('DOUBLE PRECISION'),
  DOUBLE_PRECISION: fixed('DOUBLE PRECISION'),
  Numeric: numericType,
  NUMERIC: numericType,
  DECIMAL: numericType,
  JSON: fixed('JSON'),
  JSONB: fixed('JSONB'),
  Uuid: fixed('UUID'),
  UUID: fixed('UUID'),
  LargeBinary: fixed('BYTEA'),
  BYTEA: fixed('BYTEA'),
  BLOB: fixed('BYTEA'),
  ARRAY: arrayType,
  Enum: enumType,
  ENUM: enumType,
};

for (const name of [
  'INET',
  'CIDR',
  'MACADDR',
  'MACADDR8',
  'TSVECTOR',
  'HSTORE',
  'MONEY',
  'OID',
  'INT4RANGE',
  'INT8RANGE',
  'NUMRANGE',
  'DATERANGE',
  'TSRANGE',
  'TSTZRANGE',
  'BIT',
  'XML',
]) {
  RENDERERS[name] = fixed(name);
}

/** The DDL type of a type argument (`sa.Integer`, `sa.String(50)`, `postgresql.JSONB()`…). */
export function sqlType(value: PyValue | undefined): SqlType {
  const name = value?.type === 'name' ? value.name : value?.type === 'call' ? value.callee : undefined;
  const render = name && !name.includes('()') ? RENDERERS[lastName(name)!] : undefined;
  if (!render || !value) throw new Unresolvable(`the column type is ${typeDescription(value)}`, value?.span);
  return render(value.type === 'call' ? value : undefined);
}

function typeDescription(value: PyValue | undefined): string {
  if (value?.type === 'name' || value?.type === 'call')
    return `${value.type === 'name' ? value.name : value.callee}, which dbarch cannot map to a PostgreSQL type`;
  return describeValue(value);
}

function numberArgument(call: Extract<PyValue, { type: 'call' }> | undefined, keyword: string, index: number): string | undefined {
  const value = call?.kwargs.get(keyword) ?? call?.args[index];
  if (!value || value.type === 'none') return undefined;
  if (value.type === 'num') return value.value;
  throw new Unresolvable(`the type's ${keyword} is ${describeValue(value)}`, value.span);
}

function sized(sql: string): Render {
  return (call) => {
    const length = numberArgument(call, 'length', 0);
    return { sql: length ? `${sql}(${length})` : sql };
  };
}

function timeType(sql: string): Render {
  return (call) => {
    const zone = flag(call?.kwargs.get('timezone') ?? call?.args[0], 'the timezone flag');
    const precision = call?.kwargs.get('precision');
    const digits = precision?.type === 'num' ? `(${precision.value})` : '';
    return { sql: `${sql}${digits} ${zone ? 'WITH' : 'WITHOUT'} TIME ZONE` };
  };
}

function floatType(call: Extract<PyValue, { type: 'call' }> | undefined): SqlType {
  const precision = numberArgument(call, 'precision', 0);
  return { sql: precision ? `FLOAT(${precision})` : 'FLOAT' };
}

function numericType(call: Extract<PyValue, { type: 'call' }> | undefined): SqlType {
  const precision = numberArgument(call, 'precision', 0);
  const scale = numberArgument(call, 'scale', 1);
  if (!precision) return { sql: 'NUMERIC' };
  return { sql: scale ? `NUMERIC(${precision}, ${scale})` : `NUMERIC(${precision})` };
}

function arrayType(call: Extract<PyValue, { type: 'call' }> | undefined): SqlType {
  const item = sqlType(call?.kwargs.get('item_type') ?? call?.args[0]);
  const dimensions = Number(numberArgument(call, 'dimensions', 3) ?? 1);
  return { sql: item.sql + '[]'.repeat(Math.max(1, dimensions)) };
}

/** Native PostgreSQL enums need a type name; `create_type=False` means the type already exists. */
function enumType(call: Extract<PyValue, { type: 'call' }> | undefined): SqlType {
  const name = optionalName(call?.kwargs.get('name'));
  if (!call || !name) throw new Unresolvable('the enum type has no literal name= (PostgreSQL needs a named type)', call?.span);
  // native_enum=False stores the values in a VARCHAR sized to the longest one.
  if (call.kwargs.has('native_enum') && !flag(call.kwargs.get('native_enum'), 'native_enum')) return { sql: 'VARCHAR' };
  const literal = call.args.every((item) => item.type === 'str');
  const values = literal ? call.args.map((item) => (item.type === 'str' ? item.value : '')) : undefined;
  const createType = !call.kwargs.has('create_type') || flag(call.kwargs.get('create_type'), 'create_type');
  return { sql: quoteIdentifier(name.text), enum: { name: name.text, ...(values && values.length > 0 ? { values } : {}), createType } };
}

/** `CREATE TYPE name AS ENUM (…)`, or undefined when the values are not literal. */
export function createEnumSql(type: SqlType): string | undefined {
  if (!type.enum?.values) return undefined;
  return `CREATE TYPE ${quoteIdentifier(type.enum.name)} AS ENUM (${type.enum.values.map(quoteLiteral).join(', ')})`;
}

/** Whether a value looks like a column type (for telling types from constraints in Column(...) arguments). */
export function isTypeValue(value: PyValue): boolean {
  const name = value.type === 'name' ? value.name : value.type === 'call' ? value.callee : undefined;
  return !!name && !name.includes('()') && lastName(name)! in RENDERERS;
}
