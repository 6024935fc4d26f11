import { scanSync } from 'libpg-query';

/**
 * Writes identifiers back into SQL for suggested statements. Names arrive from the parser already
 * case-folded; they need double quotes when they hold upper case or unusual characters, or when
 * PostgreSQL reserves the word (`user`, `order`).
 */

/** PostgreSQL's limit for identifiers; longer names are silently truncated. */
const MAX_IDENTIFIER_BYTES = 63;

export function quoteIdentifier(name: string): string {
  if (/^[a-z_][a-z0-9_$]*$/.test(name) && !isReservedWord(name)) return name;
  return `"${name.replace(/"/g, '""')}"`;
}

/** `schema.name` (as relationName returns it) with each part quoted where needed. */
export function quoteQualifiedName(name: string): string {
  return name.split('.').map(quoteIdentifier).join('.');
}

/**
 * The name PostgreSQL would choose for a constraint's index: `table_col1_col2_key`, `table_pkey`…,
 * shortened to 63 bytes the simple way (PostgreSQL itself trims the parts more evenly).
 */
export function defaultConstraintName(table: string, columns: readonly string[], suffix: string): string {
  const bareTable = table.split('.').pop() ?? table;
  const name = [bareTable, ...columns, suffix].join('_');
  return Buffer.byteLength(name) <= MAX_IDENTIFIER_BYTES ? name : name.slice(0, MAX_IDENTIFIER_BYTES - suffix.length - 1) + `_${suffix}`;
}

function isReservedWord(word: string): boolean {
  try {
    const kind = scanSync(word).tokens[0]?.keywordName;
    return kind === 'RESERVED_KEYWORD' || kind === 'TYPE_FUNC_NAME_KEYWORD';
  } catch {
    return true;
  }
}
