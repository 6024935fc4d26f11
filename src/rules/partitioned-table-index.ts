import { defineRule, type RuleReport } from './api/define-rule.js';
import { relationName, type AstObject } from '../parse/sql/ast.js';
import type { SchemaFacts } from '../analysis/schema-facts.js';
import type { SqlStatement } from '../parse/sql/parse-sql.js';
import { addedConstraints } from './support/added-constraints.js';
import { clauseSpan, spanReport, statementTokens } from './support/statement-tokens.js';

/**
 * An index (or UNIQUE / PRIMARY KEY constraint) on a partitioned table is built on every partition
 * in one transaction, keeping each partition locked until the last one is done, and PostgreSQL
 * offers no CONCURRENTLY on a partitioned parent. The online way is per partition: an index on the
 * parent only, a concurrent build on each partition, then ATTACH PARTITION of each.
 */
export default defineRule({
  id: 'partitioned-table-index',
  summary: 'An index or UNIQUE/PRIMARY KEY on an existing partitioned table locks every partition for the whole build',
  risk: 'downtime',
  severity: 'error',
  category: 'safety',
  help: 'Create the index ON ONLY the parent, build it CONCURRENTLY on each partition, then ALTER INDEX … ATTACH PARTITION each one.',
  checkStatement({ statement, facts, report }) {
    const ast = statement.ast;
    if (statement.kind === 'IndexStmt' && ast) {
      const table = relationName(ast.relation);
      if (isExistingPartitionedParent(facts, table, ast.relation)) report(indexReport(table!, !!ast.concurrent));
      return;
    }
    for (const added of addedConstraints(statement)) {
      const { constraint, table } = added;
      const kind = constraint.contype === 'CONSTR_PRIMARY' ? 'PRIMARY KEY' : constraint.contype === 'CONSTR_UNIQUE' ? 'UNIQUE' : undefined;
      if (!kind || added.only || !isExistingPartitionedParent(facts, table, { inh: true })) continue;
      report(constraintReport(statement, table, kind, constraint));
    }
  },
});

/** Partitioned per the facts, existing before the change, and not limited to the parent with ONLY. */
function isExistingPartitionedParent(facts: SchemaFacts, table: string | undefined, relation: unknown): boolean {
  if (!table || facts.isNewTable(table) || !facts.tables.get(table)?.partitioned) return false;
  return (relation as AstObject | undefined)?.inh === true;
}

const PER_PARTITION_INDEX =
  'CREATE INDEX … ON ONLY the parent (instant, the index starts invalid), CREATE INDEX CONCURRENTLY the same index on each partition, ' +
  'then ALTER INDEX parent_index ATTACH PARTITION partition_index for each; the parent index becomes valid once every partition is attached.';

function indexReport(table: string, concurrent: boolean): RuleReport {
  if (concurrent) {
    return {
      risk: 'safe',
      message: `CREATE INDEX CONCURRENTLY is not supported on partitioned table "${table}": PostgreSQL refuses it and the migration fails here. Build it per partition instead: ${PER_PARTITION_INDEX}`,
    };
  }
  return {
    message:
      `CREATE INDEX on partitioned table "${table}" builds the index on every partition in one transaction, keeping each partition locked against writes ` +
      `until the last build finishes: inserts, updates and deletes on all of "${table}" wait, for a time that grows with the whole table. ` +
      `CONCURRENTLY is not available on a partitioned parent; build it per partition: ${PER_PARTITION_INDEX}`,
  };
}

function constraintReport(statement: SqlStatement, table: string, kind: string, constraint: AstObject): RuleReport {
  const span = clauseSpan(statementTokens(statement), Number(constraint.location));
  const notNull = kind === 'PRIMARY KEY' ? ' (the key columns must already be NOT NULL on every partition)' : '';
  return {
    message:
      `Adding ${kind} to partitioned table "${table}" builds a unique index on every partition while holding ACCESS EXCLUSIVE on each until the last build finishes: ` +
      `all reads and writes on "${table}" wait, for a time that grows with the whole table. USING INDEX and CONCURRENTLY are not available on a partitioned parent; instead ` +
      `run ALTER TABLE ONLY "${table}" ADD CONSTRAINT … ${kind} (…)${notNull}, then for each partition CREATE UNIQUE INDEX CONCURRENTLY, ` +
      `ALTER TABLE partition ADD CONSTRAINT … ${kind} USING INDEX … (a brief lock), and ALTER INDEX parent_constraint ATTACH PARTITION partition_constraint.`,
    ...(span ? spanReport(statement, span) : { location: Number(constraint.location) }),
  };
}
