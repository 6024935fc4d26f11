import { defineRule } from './api/define-rule.js';
import { addedConstraints, constraintLabel } from './support/added-constraints.js';
import { clauseSpan, spanReport, statementTokens } from './support/statement-tokens.js';

/**
 * An exclusion constraint is enforced by an index that ALTER TABLE builds, checking every row
 * against the others, under ACCESS EXCLUSIVE. Unlike CHECK and foreign keys it cannot be added
 * NOT VALID, and unlike UNIQUE it cannot adopt an index built concurrently: there is no online way.
 */
export default defineRule({
  id: 'add-exclusion-constraint',
  summary: 'ADD EXCLUDE on an existing table builds and checks an index under ACCESS EXCLUSIVE, with no online alternative',
  risk: 'downtime',
  severity: 'error',
  category: 'safety',
  help: 'Add exclusion constraints when the table is created; on a table with data, plan a maintenance window or move the data into a new table that has the constraint.',
  checkStatement({ statement, facts, report }) {
    for (const { constraint, table } of addedConstraints(statement)) {
      if (constraint.contype !== 'CONSTR_EXCLUSION' || facts.isNewTable(table)) continue;
      const span = clauseSpan(statementTokens(statement), Number(constraint.location));
      report({
        message:
          `Adding exclusion constraint ${constraintLabel(constraint)}to existing table "${table}" builds its index and checks every row against the others ` +
          `while holding ACCESS EXCLUSIVE on "${table}": all reads and writes wait for the whole build, which grows with the table. ` +
          'Exclusion constraints cannot be added NOT VALID or from an index built beforehand, so there is no online way: ' +
          'run it in a maintenance window, or create a new table with the constraint, copy the rows over in batches and switch to it.',
        ...(span ? spanReport(statement, span) : { location: Number(constraint.location) }),
      });
    }
  },
});
