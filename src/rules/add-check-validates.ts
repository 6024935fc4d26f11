import { defineRule, type RuleReport } from './api/define-rule.js';
import type { SqlStatement } from '../parse/sql/parse-sql.js';
import { addedConstraints, constraintLabel, type AddedConstraint } from './support/added-constraints.js';
import { appendKeywords } from './support/keyword-insertion.js';
import { clauseSpan, spanReport, statementTokens } from './support/statement-tokens.js';

/**
 * Adding a CHECK constraint reads every row to prove it holds, under the ACCESS EXCLUSIVE lock that
 * ALTER TABLE takes: nothing can read or write the table until the scan ends. NOT VALID skips the
 * scan (new and updated rows are still checked); VALIDATE CONSTRAINT later scans under SHARE UPDATE
 * EXCLUSIVE, which lets reads and writes continue.
 */
export default defineRule({
  id: 'add-check-validates',
  summary: 'ADD CHECK on an existing table without NOT VALID blocks reads and writes during a full scan',
  risk: 'downtime',
  severity: 'error',
  category: 'safety',
  help: 'Add the CHECK constraint with NOT VALID, then run ALTER TABLE … VALIDATE CONSTRAINT in a later migration.',
  checkStatement({ statement, facts, report }) {
    for (const added of addedConstraints(statement)) {
      const { constraint, table } = added;
      // skip_validation is also set for NOT ENFORCED constraints (PostgreSQL 18), which never scan.
      if (constraint.contype !== 'CONSTR_CHECK' || constraint.skip_validation || facts.isNewTable(table)) continue;
      report(added.column ? columnReport(statement, added) : constraintReport(statement, added));
    }
  },
});

function constraintReport(statement: SqlStatement, { table, constraint }: AddedConstraint): RuleReport {
  const span = clauseSpan(statementTokens(statement), Number(constraint.location));
  const insertion = span ? appendKeywords(statement, span, 'NOT VALID') : undefined;
  const named = typeof constraint.conname === 'string';
  return {
    message:
      `Adding CHECK constraint ${constraintLabel(constraint)}to existing table "${table}" holds ACCESS EXCLUSIVE on "${table}" while it reads every row to verify it: ` +
      `all reads and writes on "${table}" wait for the whole scan. Add it with NOT VALID (new and updated rows are checked at once, the lock is brief), ` +
      `then run ALTER TABLE "${table}" VALIDATE CONSTRAINT ${named ? `"${constraint.conname}"` : '<its name>'} in a later migration: validation takes SHARE UPDATE EXCLUSIVE, so reads and writes continue.` +
      (named ? '' : ' Name the constraint (ADD CONSTRAINT name CHECK …) so the later migration can validate it.'),
    ...(insertion ? { location: insertion.location, length: insertion.length } : { location: Number(constraint.location) }),
    fix: {
      description: 'Add the constraint without checking existing rows; validate it in a later migration',
      ...(insertion ? { replacement: insertion.replacement } : {}),
    },
  };
}

/** `ADD COLUMN … CHECK (…)`: the new column's constraint is verified by a scan too, and cannot be NOT VALID. */
function columnReport(statement: SqlStatement, { table, constraint, column }: AddedConstraint): RuleReport {
  const span = clauseSpan(statementTokens(statement), Number(constraint.location));
  return {
    message:
      `Adding column "${column}" with a CHECK constraint to existing table "${table}" makes PostgreSQL scan every row of "${table}" to verify it ` +
      `while ADD COLUMN holds ACCESS EXCLUSIVE: all reads and writes wait for the scan. A column constraint cannot be NOT VALID: add the column without CHECK, ` +
      `then ALTER TABLE "${table}" ADD CONSTRAINT … CHECK (…) NOT VALID, and VALIDATE CONSTRAINT in a later migration.`,
    ...(span ? spanReport(statement, span) : { location: Number(constraint.location) }),
    fix: {
      description: `Add "${column}" without CHECK, add the check as a table constraint with NOT VALID, and validate it in a later migration`,
    },
  };
}
