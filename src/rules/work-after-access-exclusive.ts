import { defineRule } from './api/define-rule.js';
import type { Risk, Severity } from '../review-types/index.js';
import type { SqlStatement } from '../parse/sql/parse-sql.js';
import { lockedRelationText, tableLocks } from '../analysis/table-locks.js';
import { blocksWrites } from '../analysis/lock-modes.js';
import type { StatementContext } from './api/sql-context.js';
import { earlierInTransaction } from './support/current-transaction.js';
import { longRunningWork } from './support/long-running.js';

/**
 * A transaction keeps every lock until it ends. Once a statement has taken ACCESS EXCLUSIVE on an
 * existing table, anything slow that follows in the same transaction, or a wait for a lock on
 * another busy table, keeps that table unreadable and unwritable for the whole time.
 */
export default defineRule({
  id: 'work-after-access-exclusive',
  summary: 'Slow work or more locking after ACCESS EXCLUSIVE was taken in the same transaction keeps the table blocked',
  risk: 'downtime',
  severity: 'error',
  category: 'safety',
  defersTo: ['backfill-in-migration', 'validate-in-same-transaction'],
  help: 'Split the migration: commit the statement that takes ACCESS EXCLUSIVE on its own, and do the slow work in a separate migration or transaction.',
  checkStatement(context) {
    const { transaction, statement, report } = context;
    if (!transaction.inTransaction || transaction.accessExclusiveHeld.size === 0) return;
    const held = new Set(transaction.accessExclusiveHeld.keys());
    const concern = concernOf(statement, held, context, transaction.unknownIndexTables.size > 0);
    if (!concern || reportedEarlierInTransaction(context)) return;
    const label = (name: string) =>
      lockedRelationText({ relation: name, index: transaction.unknownIndexTables.has(name) ? name : undefined });
    const holding = [...transaction.accessExclusiveHeld].map(([table, line]) => `${label(table)} (since line ${line})`).join(', ');
    report({
      message:
        `This transaction already holds ACCESS EXCLUSIVE on ${holding}, and this statement ${concern.what}: ` +
        `every read and write of ${held.size > 1 ? 'those tables' : label([...held][0]!)} waits until it finishes and the transaction commits` +
        `${concern.risk === 'downtime' ? ', for a time that grows with the table' : ''}. ` +
        `Split the migration: commit the ACCESS EXCLUSIVE change on its own, then do this in a separate migration or transaction.`,
      risk: concern.risk,
      severity: concern.severity,
    });
  },
});

interface Concern {
  what: string;
  risk: Risk;
  severity: Severity;
}

/**
 * Slow work (always), or a write-blocking lock on another existing table (unless lock_timeout bounds
 * the wait). When a held lock is on the unknown table of an index, no table is known to be another.
 */
function concernOf(
  statement: SqlStatement,
  held: ReadonlySet<string>,
  context: StatementContext,
  heldTableUnknown: boolean,
): Concern | undefined {
  const { facts, pgVersion, settings } = context;
  const work = longRunningWork(statement, facts, { pgVersion });
  // A statement that itself takes ACCESS EXCLUSIVE on every table held already blocks them for its
  // whole run anyway, and its own rule says so (add-check-validates, set-not-null, alter-column-type …):
  // the earlier lock adds nothing to report twice.
  if (work && !coversHeld(statement, held, facts)) return { what: work.reason, risk: 'downtime', severity: 'error' };
  if (settings.lockTimeout || heldTableUnknown) return undefined;
  const other = tableLocks(statement, facts).find(
    (lock) => blocksWrites(lock.mode) && !held.has(lock.relation) && !facts.isNewTable(lock.relation),
  );
  if (!other) return undefined;
  return {
    what:
      `then waits for ${other.mode} on another existing table, "${other.relation}", behind whatever runs on it ` +
      `(with no lock_timeout, for as long as the longest query there; two migrations locking in opposite order deadlock)`,
    risk: 'safe',
    severity: 'warning',
  };
}

function coversHeld(statement: SqlStatement, held: ReadonlySet<string>, facts: StatementContext['facts']): boolean {
  const own = new Set(
    tableLocks(statement, facts)
      .filter((lock) => lock.mode === 'ACCESS EXCLUSIVE')
      .map((lock) => lock.relation),
  );
  return [...held].every((table) => own.has(table));
}

/** Reports once per transaction: at the first statement after the ACCESS EXCLUSIVE lock that raises a concern. */
function reportedEarlierInTransaction(context: StatementContext): boolean {
  const { statement, statements, transaction, facts } = context;
  const held = new Set<string>();
  let heldTableUnknown = false;
  for (const earlier of earlierInTransaction(statement, statements, transaction)) {
    if (held.size > 0 && concernOf(earlier, held, context, heldTableUnknown)) return true;
    for (const lock of tableLocks(earlier, facts)) {
      if (lock.mode !== 'ACCESS EXCLUSIVE' || facts.isNewTable(lock.relation)) continue;
      held.add(lock.relation);
      heldTableUnknown ||= lock.index === lock.relation;
    }
  }
  return false;
}
