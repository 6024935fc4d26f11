import { defineRule } from './api/define-rule.js';
import type { RelationLock } from '../review-types/index.js';
import type { SqlStatement } from '../parse/sql/parse-sql.js';
import { blocksWrites, LOCK_ORDER } from '../analysis/lock-modes.js';
import { concurrentOperation } from './support/concurrent-operation.js';
import { lockedRelationText } from '../analysis/table-locks.js';

/**
 * Even a lock held for a millisecond is dangerous without lock_timeout: the request waits behind
 * any long-running query on the table, and every new query that conflicts with it queues behind
 * the waiting request. A short lock_timeout turns that pile-up into a quick, retryable failure.
 */

const SUGGESTED_SETTING = "SET lock_timeout = '5s';";

export default defineRule({
  id: 'lock-timeout-missing',
  summary: 'A statement locks an existing table against writes or reads while no lock_timeout is set',
  risk: 'safe',
  severity: 'notice',
  category: 'hygiene',
  oncePerFile: true,
  help: `Start the migration with ${SUGGESTED_SETTING} and retry it when it times out.`,
  checkStatement({ statement, settings, existingLocks, file, report }) {
    if (settings.lockTimeout || exempt(statement)) return;
    const strongestLock = strongest(existingLocks.filter((candidate) => blocksWrites(candidate.mode)));
    if (!strongestLock) return;
    // Locks taken through an index are on its table (src/analysis/table-locks.ts), named or not.
    const lock = strongestLock;
    const relation = lockedRelationText(lock);
    const everything = lock.mode === 'ACCESS EXCLUSIVE';
    const queued = everything ? 'reads or writes' : 'writes to';
    const effect = everything ? 'the table stops answering' : 'writes to it stop';
    report({
      message:
        `This statement needs ${lock.mode} on ${relation} and no lock_timeout is set: if a long-running query or transaction is using ${relation}, ` +
        `the statement waits for it, and every new query that ${queued} ${relation} queues behind the waiting lock, so ${effect} until it is granted. ` +
        `Put ${SUGGESTED_SETTING} before it so the migration gives up quickly instead, and retry it when it times out. ` +
        'This applies to every statement of this file that locks an existing table; it is reported once.',
      fix: {
        description:
          file.tool === 'alembic'
            ? `Call op.execute("${SUGGESTED_SETTING.slice(0, -1)}") at the start of upgrade(), and retry the migration when it times out`
            : `Add ${SUGGESTED_SETTING} before this statement (once at the top covers the whole file), and retry the migration when it times out`,
        // Alembic findings point at Python source, where SQL text cannot be inserted as is.
        ...(file.tool === 'alembic' ? {} : { replacement: `${SUGGESTED_SETTING}\n${statement.text}` }),
      },
    });
  },
});

/** Statements whose strong lock is not worth a lock_timeout, or where adding one would break the statement. */
function exempt(statement: SqlStatement): boolean {
  // CONCURRENTLY operations wait by design; several tools run a file as one transaction once a SET is added, which they refuse.
  if (concurrentOperation(statement)) return true;
  // The static model locks the view of CREATE VIEW, but a view that did not exist yet blocks no one.
  if (statement.kind === 'ViewStmt' && !statement.ast?.replace) return true;
  // LOCK … NOWAIT fails at once instead of queueing.
  return statement.kind === 'LockStmt' && !!statement.ast?.nowait;
}

function strongest(locks: readonly RelationLock[]): RelationLock | undefined {
  return [...locks].sort((a, b) => LOCK_ORDER.indexOf(b.mode) - LOCK_ORDER.indexOf(a.mode))[0];
}
