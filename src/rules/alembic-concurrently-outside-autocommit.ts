import { defineRule } from './api/define-rule.js';
import { concurrentOperation } from './support/concurrent-operation.js';

/**
 * Alembic runs a revision inside one transaction on PostgreSQL (transactional DDL), and
 * CONCURRENTLY refuses to run inside one. The operation has to sit in an autocommit_block, where
 * Alembic commits first and runs it on its own.
 */
export default defineRule({
  id: 'alembic-concurrently-outside-autocommit',
  summary: 'A CONCURRENTLY operation in an Alembic revision outside `autocommit_block()` fails',
  risk: 'safe',
  severity: 'error',
  category: 'correctness',
  help: 'Put the operation inside `with op.get_context().autocommit_block():`.',
  checkAlembic({ revision, implicitTransaction, report }) {
    if (!implicitTransaction) return;
    const seen = new Set<number>();
    revision.mapped.statements.forEach((statement, index) => {
      const opIndex = revision.mapped.opIndex[index]!;
      const item = revision.upgradeOps[opIndex];
      const operation = concurrentOperation(statement);
      if (!item || !operation || item.op.autocommit || seen.has(opIndex)) return;
      seen.add(opIndex);
      report({
        message:
          `${operation} cannot run inside a transaction block, and Alembic runs this revision in one: PostgreSQL refuses the statement, the ` +
          'migration fails and everything before it in the revision is rolled back. Move the call into `with op.get_context().autocommit_block():`, ' +
          'ideally in a revision of its own, since the autocommit block commits the work before it.',
        span: item.op.span,
        statementIndex: index,
        supersedes: ['concurrently-in-transaction'],
      });
    });
  },
});
