import { defineRule } from './api/define-rule.js';
import type { SqlStatement } from '../parse/sql/parse-sql.js';
import { nodeOf, stringList, type AstObject } from '../parse/sql/ast.js';
import { alterTableCommands } from './support/alter-table.js';
import { findInStatement, identifierPattern } from './support/statement-text.js';
import { notNullSteps, numbered } from './support/not-null-steps.js';

/**
 * SET NOT NULL (and, on PostgreSQL 18, ADD CONSTRAINT … NOT NULL without NOT VALID) scans the whole
 * table for nulls while holding ACCESS EXCLUSIVE. From PostgreSQL 12 a validated
 * CHECK (col IS NOT NULL) lets it skip the scan; that check can be added NOT VALID and validated
 * under a weak lock first.
 */
export default defineRule({
  id: 'set-not-null',
  summary: 'SET NOT NULL on an existing table scans the whole table under ACCESS EXCLUSIVE',
  risk: 'downtime',
  severity: 'error',
  category: 'safety',
  help:
    'Add CHECK (col IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT in a separate transaction, then SET NOT NULL ' +
    '(PostgreSQL 12+ skips the scan thanks to the valid check) and drop the check.',
  checkStatement({ statement, facts, pgVersion, report }) {
    const alter = alterTableCommands(statement);
    if (!alter || facts.isNewTable(alter.table)) return;
    const table = alter.tableAsWritten;
    for (const command of alter.commands) {
      const target = notNullTarget(command);
      if (!target) continue;
      const { column } = target;
      if (facts.column(alter.table, column)?.notNull && target.kind === 'set') continue;
      // Facts hold every constraint added (and validated or dropped) before this statement, in this
      // file, earlier migrations of the change and the base.
      const proven = pgVersion >= 12 && facts.hasValidatedNotNullProof(alter.table, column);
      if (proven) continue;
      const what = target.kind === 'set' ? 'SET NOT NULL' : 'ADD CONSTRAINT … NOT NULL without NOT VALID';
      report({
        message:
          `${what} on column "${column}" of existing table "${table}" holds ACCESS EXCLUSIVE while it scans the whole table for nulls: ` +
          `all reads and writes on "${table}" wait for the scan, which grows with the table. ${alternative(pgVersion, column)}`,
        ...(target.kind === 'set' ? setNotNullSpan(statement, column) : { location: target.location }),
        fix: { description: numbered(notNullSteps(pgVersion, alter.tableAsWritten, column)) },
      });
    }
  },
});

type NotNullTarget = { kind: 'set'; column: string } | { kind: 'constraint'; column: string; location?: number };

function notNullTarget(command: AstObject): NotNullTarget | undefined {
  if (command.subtype === 'AT_SetNotNull' && typeof command.name === 'string') return { kind: 'set', column: command.name };
  const constraint = command.subtype === 'AT_AddConstraint' ? nodeOf(command.def, 'Constraint') : undefined;
  if (constraint?.contype !== 'CONSTR_NOTNULL' || constraint.skip_validation) return undefined;
  const column = stringList(constraint.keys)[0];
  return column ? { kind: 'constraint', column, location: constraint.location as number | undefined } : undefined;
}

/** The `SET NOT NULL` words of this column's sub-command (the parser gives them no location). */
function setNotNullSpan(statement: SqlStatement, column: string): { location?: number; length?: number } {
  const pattern = new RegExp(`(?<=ALTER\\s+(?:COLUMN\\s+)?${identifierPattern(column)}\\s+)SET\\s+NOT\\s+NULL`, 'i');
  return findInStatement(statement, pattern) ?? {};
}

function alternative(pgVersion: number, column: string): string {
  if (pgVersion < 12) {
    return `Before PostgreSQL 12 SET NOT NULL always scans, even with a valid check: add CHECK ("${column}" IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT in a separate transaction, and keep the check instead of SET NOT NULL.`;
  }
  const modern = pgVersion >= 18 ? ` (on PostgreSQL 18: ADD CONSTRAINT … NOT NULL "${column}" NOT VALID, then VALIDATE CONSTRAINT)` : '';
  return (
    `Add CHECK ("${column}" IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT in a separate transaction (writes continue), ` +
    `then SET NOT NULL, which skips the scan thanks to the valid check, and drop the check${modern}.`
  );
}
