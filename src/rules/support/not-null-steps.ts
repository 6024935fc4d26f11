import { defaultConstraintName, quoteIdentifier, quoteQualifiedName } from './sql-identifiers.js';

/**
 * The statements that make a column NOT NULL without holding ACCESS EXCLUSIVE during a scan, for the
 * given PostgreSQL version, spelled out for one table and column (each in its own transaction).
 */
export function notNullSteps(pgVersion: number, table: string, column: string): string[] {
  const target = quoteQualifiedName(table);
  const name = quoteIdentifier(column);
  const check = quoteIdentifier(defaultConstraintName(table, [column], 'not_null'));
  const validate = `ALTER TABLE ${target} VALIDATE CONSTRAINT ${check};  -- own transaction; SHARE UPDATE EXCLUSIVE, reads and writes continue`;
  if (pgVersion >= 18) return [`ALTER TABLE ${target} ADD CONSTRAINT ${check} NOT NULL ${name} NOT VALID;`, validate];
  const steps = [`ALTER TABLE ${target} ADD CONSTRAINT ${check} CHECK (${name} IS NOT NULL) NOT VALID;`, validate];
  if (pgVersion < 12)
    return [...steps, 'Keep the check instead of SET NOT NULL: before PostgreSQL 12, SET NOT NULL scans the table again.'];
  return [
    ...steps,
    `ALTER TABLE ${target} ALTER COLUMN ${name} SET NOT NULL;  -- no scan: the valid check proves it`,
    `ALTER TABLE ${target} DROP CONSTRAINT ${check};`,
  ];
}

/** Numbers lines "1. …", continuing from `first`. */
export function numbered(lines: readonly string[], first = 1): string {
  return lines.map((line, index) => `${first + index}. ${line}`).join('\n');
}
