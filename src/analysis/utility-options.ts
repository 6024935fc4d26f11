import { asArray, nodeOf } from '../parse/sql/ast.js';

/**
 * Boolean options of parenthesised utility-statement lists (`VACUUM (FULL false)`, `REINDEX
 * (CONCURRENTLY off)`): an option is on when it is named without a value, or with a value
 * PostgreSQL's defGetBoolean reads as true. `FULL false` is written to say "not full".
 */

const FALSE_WORDS = new Set(['false', 'off', 'no', '0', 'f', 'n']);

/** Whether the option list turns `name` on (the last mention wins, as in PostgreSQL). */
export function optionIsOn(options: unknown, name: string): boolean {
  let on = false;
  for (const option of asArray(options)) {
    const definition = nodeOf(option, 'DefElem');
    if (definition?.defname !== name) continue;
    on = !isFalseValue(definition.arg);
  }
  return on;
}

function isFalseValue(argument: unknown): boolean {
  if (argument === undefined) return false;
  const integer = nodeOf(argument, 'Integer');
  // libpg-query leaves out zero-valued fields: `Integer: {}` is 0.
  if (integer) return (integer.ival ?? 0) === 0;
  const text = nodeOf(argument, 'String')?.sval ?? nodeOf(argument, 'Boolean')?.boolval;
  return typeof text === 'string' ? FALSE_WORDS.has(text.toLowerCase()) : text === false;
}
