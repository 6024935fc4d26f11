import { defineRule, type RuleReport } from './api/define-rule.js';
import { stringList } from '../parse/sql/ast.js';
import type { SqlStatement } from '../parse/sql/parse-sql.js';
import { addedConstraints, constraintColumns, constraintLabel, type AddedConstraint } from './support/added-constraints.js';
import { clauseSpan, spanReport, statementTokens } from './support/statement-tokens.js';
import { defaultConstraintName, quoteIdentifier, quoteQualifiedName } from './support/sql-identifiers.js';

/**
 * ADD UNIQUE builds the constraint's index inside ALTER TABLE, under ACCESS EXCLUSIVE: nothing can
 * read or write the table for the whole build. Building the same unique index CONCURRENTLY first
 * and then attaching it with ADD CONSTRAINT … UNIQUE USING INDEX needs only a brief lock.
 */
export default defineRule({
  id: 'add-unique-constraint',
  summary: 'ADD UNIQUE on an existing table builds an index under ACCESS EXCLUSIVE',
  risk: 'downtime',
  severity: 'error',
  category: 'safety',
  help: 'CREATE UNIQUE INDEX CONCURRENTLY first, then ALTER TABLE … ADD CONSTRAINT … UNIQUE USING INDEX.',
  checkStatement({ statement, facts, report }) {
    for (const added of addedConstraints(statement)) {
      const { constraint, table } = added;
      if (constraint.contype !== 'CONSTR_UNIQUE' || constraint.indexname || facts.isNewTable(table)) continue;
      // On a partitioned parent USING INDEX is not available: partitioned-table-index gives the per-partition way.
      if (facts.tables.get(table)?.partitioned) continue;
      report(uniqueReport(statement, added));
    }
  },
});

function uniqueReport(statement: SqlStatement, added: AddedConstraint): RuleReport {
  const { table, constraint, column } = added;
  const span = clauseSpan(statementTokens(statement), Number(constraint.location));
  const what = column ? `Adding column "${column}" with UNIQUE to` : `Adding UNIQUE constraint ${constraintLabel(constraint)}to`;
  const first = column ? `add "${column}" without UNIQUE, then ` : '';
  return {
    message:
      `${what} existing table "${table}" builds a unique index while holding ACCESS EXCLUSIVE on "${table}": ` +
      `all reads and writes on "${table}" wait until the index is built, which grows with the table. ` +
      `Instead ${first}build the index with CREATE UNIQUE INDEX CONCURRENTLY and attach it with ALTER TABLE … ADD CONSTRAINT … UNIQUE USING INDEX, which takes only a brief lock.`,
    ...(span ? spanReport(statement, span) : { location: Number(constraint.location) }),
    fix: {
      description: `${column ? `Add "${column}" without UNIQUE, then run these` : 'Run these instead'} (the first outside a transaction block):\n${saferStatements(added)}`,
    },
  };
}

/** The two statements that add the same constraint without a long lock. */
function saferStatements(added: AddedConstraint): string {
  const { table, constraint } = added;
  const columns = constraintColumns(added);
  const name = typeof constraint.conname === 'string' ? constraint.conname : defaultConstraintName(table, columns, 'key');
  const include = stringList(constraint.including);
  const index =
    `CREATE UNIQUE INDEX CONCURRENTLY ${quoteIdentifier(name)} ON ${quoteQualifiedName(table)} (${columns.map(quoteIdentifier).join(', ')})` +
    (include.length > 0 ? ` INCLUDE (${include.map(quoteIdentifier).join(', ')})` : '') +
    (constraint.nulls_not_distinct ? ' NULLS NOT DISTINCT' : '');
  const deferrable = constraint.deferrable ? ` DEFERRABLE${constraint.initdeferred ? ' INITIALLY DEFERRED' : ''}` : '';
  return `${index};\nALTER TABLE ${quoteQualifiedName(table)} ADD CONSTRAINT ${quoteIdentifier(name)} UNIQUE USING INDEX ${quoteIdentifier(name)}${deferrable};`;
}
