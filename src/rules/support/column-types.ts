import { typeNameToString } from '../../parse/sql/ast.js';

/**
 * Column types in one canonical spelling, so rules compare `int4`, `integer` and `pg_catalog.int4`
 * as the same type. Works from a TypeName node or from the strings SchemaFacts records
 * (typeNameToString output such as `varchar(20)`, `numeric(10,2)`, `int4`, `timestamp[]`).
 */

export interface ColumnType {
  /** Canonical base name: `integer`, `varchar`, `timestamp`, `timestamptz`, `char`, `"char"`, `serial` … */
  name: string;
  /** Numeric type modifiers: varchar(20) → [20], numeric(10,2) → [10, 2]. */
  modifiers: number[];
  array: boolean;
  /** The type as written out again, e.g. `varchar(20)`. */
  text: string;
}

/** Unqualified spellings of built-in types and their canonical names. */
const ALIASES: Record<string, string> = {
  int: 'integer',
  int4: 'integer',
  int2: 'smallint',
  int8: 'bigint',
  float4: 'real',
  float8: 'double precision',
  float: 'double precision',
  bool: 'boolean',
  bpchar: 'char',
  character: 'char',
  'character varying': 'varchar',
  decimal: 'numeric',
  serial4: 'serial',
  serial8: 'bigserial',
  serial2: 'smallserial',
  'timestamp without time zone': 'timestamp',
  'timestamp with time zone': 'timestamptz',
  'bit varying': 'varbit',
};

/** Canonical type of a TypeName node. */
export function columnTypeOf(typeName: unknown): ColumnType {
  return parseColumnType(typeNameToString(typeName));
}

/** Canonical type of a type string (typeNameToString output). */
export function parseColumnType(text: string): ColumnType {
  const match = /^(.*?)(?:\(([^)]*)\))?((?:\[\])*)$/.exec(text.trim());
  const written = match?.[1]?.trim() ?? text;
  const modifiers = (match?.[2] ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '')
    .map(Number);
  const array = !!match?.[3];
  // The internal one-byte type "char" arrives without a length; char(n) always has one.
  const internalChar = written === 'char' && modifiers.length === 0;
  const name = internalChar ? '"char"' : (ALIASES[written.replace(/^pg_catalog\./, '')] ?? written.replace(/^pg_catalog\./, ''));
  const base = modifiers.length > 0 && !modifiers.some(Number.isNaN) ? `${name}(${modifiers.join(',')})` : name;
  return { name, modifiers: modifiers.filter((item) => !Number.isNaN(item)), array, text: base + (array ? '[]' : '') };
}

export const SERIAL_TYPES = new Set(['serial', 'bigserial', 'smallserial']);
export const INTEGER_TYPES = new Set(['smallint', 'integer', 'bigint']);
export const FLOAT_TYPES = new Set(['real', 'double precision']);
