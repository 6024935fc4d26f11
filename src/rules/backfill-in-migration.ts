import { defineRule, type RuleReport } from './api/define-rule.js';
import { relationName } from '../parse/sql/ast.js';
import type { SqlStatement } from '../parse/sql/parse-sql.js';
import type { SchemaFacts } from '../analysis/schema-facts.js';
import { lockedRelationText, tableLocks } from '../analysis/table-locks.js';
import { blocksWrites } from '../analysis/lock-modes.js';
import type { StatementContext } from './api/sql-context.js';
import { earlierInTransaction } from './support/current-transaction.js';
import { readsExistingTables } from './support/insert-sources.js';
import { isTargetedChange } from './support/targeted-change.js';
import { isSystemCatalog } from './support/system-catalogs.js';
import { constraintAddedLater } from './support/constraint-added-later.js';

/**
 * Data changes (UPDATE, DELETE … WHERE, INSERT … SELECT) on an existing table inside the schema
 * migration lock every row they touch until the migration's transaction commits. When the same
 * transaction already holds a strong lock from DDL, that lock is held for the whole data change.
 */
export default defineRule({
  id: 'backfill-in-migration',
  summary: 'UPDATE, DELETE or INSERT … SELECT on an existing table inside the schema migration holds locks for the whole backfill',
  risk: 'downtime',
  severity: 'warning',
  category: 'safety',
  help:
    'Run the backfill outside the migration: a script or job that changes about 1,000 rows at a time by primary key range, ' +
    'each batch in its own short transaction.',
  checkStatement(context) {
    const { statement, facts, report } = context;
    const change = dataChange(statement, facts);
    if (!change) return;
    if (isTargetedChange(statement.ast)) return report(targetedReport(change));
    const heldLock = strongLockHeld(context);
    // DELETE … WHERE just before a constraint on the same table removes the rows it would reject:
    // usually a handful of bad rows, not a backfill (prefect deletes self-references before a CHECK).
    const constraint =
      change.verb === 'DELETE' && !heldLock ? constraintAddedLater(statement, context.statements, change.table) : undefined;
    if (constraint) return report(cleanupReport(change, constraint));
    report({
      message:
        `${change.verb} on existing table "${change.table}" runs inside the schema migration: every row it changes stays locked until ` +
        `the transaction commits, so concurrent writes to those rows wait, for a time that grows with the table` +
        `${heldLock ? `; ${heldLock}` : ''}. ` +
        `Move it out of the migration into a script or job that works in batches of about 1,000 rows by primary key range ` +
        `(… WHERE id >= $1 AND id < $2), each batch committed on its own.`,
      ...(heldLock ? { severity: 'error' as const } : {}),
    });
  },
});

/** A change that pins its rows by key is probably a fix of a few rows: advice, not a warning. */
function targetedReport(change: DataChange): RuleReport {
  return {
    message:
      `${change.verb} on existing table "${change.table}" picks its rows by an exact value, so it probably changes only a few of them, ` +
      `which is fine inside a migration. If it can match many rows, it keeps them locked until the migration commits: ` +
      `run it as a batched job outside the migration instead.`,
    risk: 'safe',
    severity: 'notice',
  };
}

function cleanupReport(change: DataChange, constraint: SqlStatement): RuleReport {
  return {
    message:
      `DELETE on existing table "${change.table}" removes the rows that the constraint added at line ${constraint.range.line} would ` +
      `reject, which are usually few: fine inside the migration. If it can match many rows, it keeps them locked until the migration ` +
      `commits: delete them in batches before this migration runs.`,
    risk: 'safe',
    severity: 'notice',
  };
}

interface DataChange {
  verb: string;
  table: string;
}

/** The data change a statement makes on an existing table; INSERT … VALUES (seed rows) is not one. */
function dataChange(statement: SqlStatement, facts: SchemaFacts): DataChange | undefined {
  const ast = statement.ast;
  const table = relationName(ast?.relation);
  if (!ast || !table || facts.isNewTable(table) || isSystemCatalog(table)) return undefined;
  if (statement.kind === 'UpdateStmt') return { verb: 'UPDATE', table };
  if (statement.kind === 'DeleteStmt' && ast.whereClause) return { verb: 'DELETE', table };
  if (statement.kind === 'InsertStmt' && readsExistingTables(ast, facts).length > 0) return { verb: 'INSERT … SELECT', table };
  return undefined;
}

/**
 * Describes the strong lock the transaction already holds, if any: ACCESS EXCLUSIVE from earlier
 * DDL, or a lock that blocks writes (an index build, a foreign key) on an existing table.
 */
function strongLockHeld({ statement, statements, transaction, facts }: StatementContext): string | undefined {
  const [exclusive, line] = [...transaction.accessExclusiveHeld][0] ?? [];
  if (exclusive) {
    const held = lockedRelationText({ relation: exclusive, index: transaction.unknownIndexTables.has(exclusive) ? exclusive : undefined });
    return `and this transaction already holds ACCESS EXCLUSIVE on ${held} (line ${line}), so every read and write of it waits for the whole backfill`;
  }
  for (const earlier of earlierInTransaction(statement, statements, transaction)) {
    const lock = tableLocks(earlier, facts).find((candidate) => blocksWrites(candidate.mode) && !facts.isNewTable(candidate.relation));
    if (lock) {
      return `and this transaction already holds ${lock.mode} on ${lockedRelationText(lock)} (line ${earlier.range.line}), so every write to it waits for the whole backfill`;
    }
  }
  return undefined;
}
