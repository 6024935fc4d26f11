import { defineRule, type RuleReport } from './api/define-rule.js';
import { relationName } from '../parse/sql/ast.js';
import type { SqlStatement } from '../parse/sql/parse-sql.js';
import { addedConstraints, constraintLabel, type AddedConstraint } from './support/added-constraints.js';
import { appendKeywords } from './support/keyword-insertion.js';
import { clauseSpan, spanReport, statementTokens } from './support/statement-tokens.js';

/**
 * Adding a foreign key checks every existing row of the referencing table against the referenced
 * one. Until that scan ends, PostgreSQL holds SHARE ROW EXCLUSIVE on both tables (writes wait).
 * With NOT VALID only new rows are checked and the lock is brief; VALIDATE CONSTRAINT later scans
 * under SHARE UPDATE EXCLUSIVE, which lets reads and writes continue.
 */
export default defineRule({
  id: 'add-foreign-key-validates',
  summary: 'ADD FOREIGN KEY on an existing table without NOT VALID blocks writes on both tables during a full scan',
  risk: 'downtime',
  severity: 'error',
  category: 'safety',
  help: 'Add the foreign key with NOT VALID, then run ALTER TABLE … VALIDATE CONSTRAINT in a later migration.',
  checkStatement({ statement, facts, report }) {
    for (const added of addedConstraints(statement)) {
      const { constraint, table } = added;
      if (constraint.contype !== 'CONSTR_FOREIGN' || constraint.skip_validation || facts.isNewTable(table)) continue;
      // A column added without DEFAULT holds only NULLs: PostgreSQL marks its foreign key valid without a scan.
      if (added.column && !added.columnHasDefault) continue;
      report(added.column ? columnReport(statement, added) : constraintReport(statement, added));
    }
  },
});

function constraintReport(statement: SqlStatement, { table, constraint }: AddedConstraint): RuleReport {
  const referenced = relationName(constraint.pktable) ?? 'the referenced table';
  const span = clauseSpan(statementTokens(statement), Number(constraint.location));
  const insertion = span ? appendKeywords(statement, span, 'NOT VALID') : undefined;
  const name = typeof constraint.conname === 'string' ? `"${constraint.conname}"` : '<its name>';
  const unnamed =
    typeof constraint.conname === 'string'
      ? ''
      : ' Name the constraint (ADD CONSTRAINT name FOREIGN KEY …) so the later migration can validate it.';
  return {
    message:
      `Adding foreign key ${constraintLabel(constraint)}to existing table "${table}" checks every row of "${table}" against "${referenced}" ` +
      `while holding SHARE ROW EXCLUSIVE on both tables: inserts, updates and deletes on "${table}" and "${referenced}" wait for the whole scan. ` +
      `Add it with NOT VALID (new rows are checked at once, the lock is brief), then run ALTER TABLE "${table}" VALIDATE CONSTRAINT ${name} in a later migration: ` +
      `validation takes SHARE UPDATE EXCLUSIVE, so reads and writes continue.${unnamed}`,
    ...(insertion ? { location: insertion.location, length: insertion.length } : { location: Number(constraint.location) }),
    fix: {
      description: 'Add the foreign key without checking existing rows; validate it in a later migration',
      ...(insertion ? { replacement: insertion.replacement } : {}),
    },
  };
}

/** `ADD COLUMN … DEFAULT … REFERENCES`: a column constraint cannot be NOT VALID, so the fix is a rewrite in steps. */
function columnReport(statement: SqlStatement, { table, constraint, column }: AddedConstraint): RuleReport {
  const referenced = relationName(constraint.pktable) ?? 'the referenced table';
  const span = clauseSpan(statementTokens(statement), Number(constraint.location));
  return {
    message:
      `Adding column "${column}" with a DEFAULT and REFERENCES "${referenced}" to existing table "${table}" gives every row a value, so PostgreSQL validates the new foreign key ` +
      `by scanning all of "${table}" while ADD COLUMN holds ACCESS EXCLUSIVE on it: every read and write on "${table}" waits for the scan. A column constraint cannot be NOT VALID: ` +
      `add the column without REFERENCES, then ALTER TABLE "${table}" ADD CONSTRAINT … FOREIGN KEY ("${column}") REFERENCES "${referenced}" … NOT VALID, ` +
      'and VALIDATE CONSTRAINT in a later migration. (Without a DEFAULT the column starts as NULL everywhere and the foreign key needs no scan.)',
    ...(span ? spanReport(statement, span) : { location: Number(constraint.location) }),
    fix: {
      description: `Add "${column}" without REFERENCES, add the foreign key as a table constraint with NOT VALID, and validate it in a later migration`,
    },
  };
}
