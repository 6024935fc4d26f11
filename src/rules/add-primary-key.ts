import { defineRule, type RuleReport } from './api/define-rule.js';
import type { SchemaFacts } from '../analysis/schema-facts.js';
import type { SqlStatement } from '../parse/sql/parse-sql.js';
import { addedConstraints, constraintColumns, type AddedConstraint } from './support/added-constraints.js';
import { clauseSpan, spanReport, statementTokens } from './support/statement-tokens.js';
import { defaultConstraintName, quoteIdentifier, quoteQualifiedName } from './support/sql-identifiers.js';

/**
 * ADD PRIMARY KEY builds a unique index under ACCESS EXCLUSIVE and, for key columns not yet NOT
 * NULL, first scans the table to set NOT NULL. The index can be built CONCURRENTLY beforehand and
 * attached with PRIMARY KEY USING INDEX; NOT NULL can be proven by a validated CHECK first.
 */
export default defineRule({
  id: 'add-primary-key',
  summary: 'ADD PRIMARY KEY on an existing table builds an index (and checks NOT NULL) under ACCESS EXCLUSIVE',
  risk: 'downtime',
  severity: 'error',
  category: 'safety',
  help: 'CREATE UNIQUE INDEX CONCURRENTLY, make the columns NOT NULL without a long lock, then ADD CONSTRAINT … PRIMARY KEY USING INDEX.',
  checkStatement({ statement, facts, pgVersion, report }) {
    for (const added of addedConstraints(statement)) {
      const { constraint, table } = added;
      // ADD COLUMN … PRIMARY KEY needs a NOT NULL value for every row: the add-column rules judge it.
      if (constraint.contype !== 'CONSTR_PRIMARY' || added.column || facts.isNewTable(table)) continue;
      if (typeof constraint.indexname === 'string') {
        const scan = usingIndexScan(statement, added, constraint.indexname, facts, pgVersion);
        if (scan) report(scan);
        continue;
      }
      // On a partitioned parent USING INDEX is not available: partitioned-table-index gives the per-partition way.
      if (facts.tables.get(table)?.partitioned) continue;
      report(primaryKeyReport(statement, added, facts, pgVersion));
    }
  },
});

function primaryKeyReport(statement: SqlStatement, added: AddedConstraint, facts: SchemaFacts, pgVersion: number): RuleReport {
  const { table, constraint } = added;
  const columns = constraintColumns(added);
  const nullable = columns.filter((column) => !facts.column(table, column)?.notNull);
  const span = clauseSpan(statementTokens(statement), Number(constraint.location));
  return {
    message:
      `Adding a primary key to existing table "${table}" builds a unique index while holding ACCESS EXCLUSIVE on "${table}"${notNullScan(nullable, table, facts)}: ` +
      `all reads and writes on "${table}" wait until it finishes, which grows with the table. ` +
      `Instead build the index with CREATE UNIQUE INDEX CONCURRENTLY${notNullStep(nullable, pgVersion)}, then attach the index with ALTER TABLE … ADD CONSTRAINT … PRIMARY KEY USING INDEX, which takes only a brief lock.`,
    ...(span ? spanReport(statement, span) : { location: Number(constraint.location) }),
    fix: { description: `Run these instead (the index outside a transaction block):\n${saferStatements(added, nullable)}` },
  };
}

/**
 * PRIMARY KEY USING INDEX takes only a brief lock, except that key columns the facts show nullable
 * are made NOT NULL first: a scan of the whole table under ACCESS EXCLUSIVE (skipped on PostgreSQL
 * 12+ when a validated CHECK (column IS NOT NULL) proves it). Unknown columns are not guessed at.
 */
function usingIndexScan(
  statement: SqlStatement,
  added: AddedConstraint,
  index: string,
  facts: SchemaFacts,
  pgVersion: number,
): RuleReport | undefined {
  const { table, constraint } = added;
  const columns = facts.indexes.get(index)?.columns ?? [];
  const proven = (column: string) => pgVersion >= 12 && facts.hasValidatedNotNullProof(table, column);
  const nullable = columns.filter((column) => facts.column(table, column)?.notNull === false && !proven(column));
  if (nullable.length === 0) return undefined;
  const list = nullable.map((column) => `"${column}"`).join(', ');
  const span = clauseSpan(statementTokens(statement), Number(constraint.location));
  return {
    message:
      `PRIMARY KEY USING INDEX "${index}" on existing table "${table}" first makes ${list} NOT NULL, which scans the whole table while holding ACCESS EXCLUSIVE: ` +
      `all reads and writes on "${table}" wait until it finishes, which grows with the table. ` +
      (pgVersion >= 12
        ? `First ADD CHECK (column IS NOT NULL) NOT VALID, VALIDATE it in a later transaction and SET NOT NULL (which then skips its scan), then attach the index.`
        : `Before PostgreSQL 12 SET NOT NULL always scans the table under ACCESS EXCLUSIVE: make the columns NOT NULL in a quiet period.`),
    ...(span ? spanReport(statement, span) : { location: Number(constraint.location) }),
  };
}

/** Key columns must become NOT NULL: a scan, unless the facts show they already are. */
function notNullScan(nullable: readonly string[], table: string, facts: SchemaFacts): string {
  if (nullable.length === 0) return '';
  const list = nullable.map((column) => `"${column}"`).join(', ');
  const known = nullable.every((column) => facts.column(table, column));
  return known
    ? `, after scanning the whole table to make ${list} NOT NULL`
    : `, and scans the whole table first unless ${list} ${nullable.length > 1 ? 'are' : 'is'} already NOT NULL`;
}

function notNullStep(nullable: readonly string[], pgVersion: number): string {
  if (nullable.length === 0) return '';
  if (pgVersion < 12)
    return ' (before PostgreSQL 12, SET NOT NULL always scans the table under ACCESS EXCLUSIVE: make the columns NOT NULL in a quiet period)';
  return ', make the key columns NOT NULL without a long lock (ADD CHECK (column IS NOT NULL) NOT VALID, VALIDATE it, then SET NOT NULL, which then skips its scan)';
}

function saferStatements(added: AddedConstraint, nullable: readonly string[]): string {
  const { table, constraint } = added;
  const columns = constraintColumns(added);
  const name = typeof constraint.conname === 'string' ? constraint.conname : defaultConstraintName(table, [], 'pkey');
  const quotedTable = quoteQualifiedName(table);
  const steps = [
    `CREATE UNIQUE INDEX CONCURRENTLY ${quoteIdentifier(name)} ON ${quotedTable} (${columns.map(quoteIdentifier).join(', ')});`,
  ];
  for (const column of nullable)
    steps.push(
      `ALTER TABLE ${quotedTable} ALTER COLUMN ${quoteIdentifier(column)} SET NOT NULL; -- after a validated CHECK (${quoteIdentifier(column)} IS NOT NULL)`,
    );
  steps.push(`ALTER TABLE ${quotedTable} ADD CONSTRAINT ${quoteIdentifier(name)} PRIMARY KEY USING INDEX ${quoteIdentifier(name)};`);
  return steps.join('\n');
}
