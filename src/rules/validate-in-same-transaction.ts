import { defineRule } from './api/define-rule.js';
import { asArray, nodeOf, relationName, type AstObject } from '../parse/sql/ast.js';
import type { SqlStatement } from '../parse/sql/parse-sql.js';
import type { StatementContext } from './api/sql-context.js';
import { addedConstraints } from './support/added-constraints.js';
import { sendsFileAsOneQuery } from './support/non-transactional-advice.js';

/**
 * NOT VALID exists so that the validating scan runs under SHARE UPDATE EXCLUSIVE instead of the
 * strong lock ADD CONSTRAINT takes. Locks last until the transaction ends, so validating in the
 * same transaction that added the constraint scans the whole table while the strong lock is still
 * held: the two-step pattern then blocks exactly as long as the one-step ADD would have.
 */
export default defineRule({
  id: 'validate-in-same-transaction',
  summary: 'VALIDATE CONSTRAINT in the transaction that added the constraint scans the table under the strong lock',
  risk: 'downtime',
  severity: 'error',
  category: 'safety',
  help: 'Commit after adding the constraint NOT VALID, and validate it in a later migration (or after COMMIT).',
  checkStatement(context) {
    const { statement, facts, report } = context;
    const ast = statement.ast;
    if (statement.kind !== 'AlterTableStmt' || !ast) return;
    const table = relationName(ast.relation);
    if (!table || facts.isNewTable(table)) return;
    for (const item of asArray(ast.cmds)) {
      const command = nodeOf(item, 'AlterTableCmd');
      if (command?.subtype !== 'AT_ValidateConstraint' || typeof command.name !== 'string') continue;
      const added = additionInSameTransaction(context, table, command.name);
      // Added without NOT VALID: the ADD already scanned (and is reported); VALIDATE is then a no-op.
      if (!added || !added.constraint.skip_validation) continue;
      const held = added.constraint.contype === 'CONSTR_FOREIGN' ? foreignKeyLock(table, added.constraint) : accessExclusiveLock(table);
      report({
        message:
          `VALIDATE CONSTRAINT "${command.name}" runs in the same transaction that added the constraint at line ${added.line}, so the ${held.mode} lock taken there is still held ` +
          `while VALIDATE reads every row of "${table}": ${held.blocked} wait for the whole scan, just as if the constraint had been added without NOT VALID. ` +
          'Commit after adding the constraint and validate it in a later migration (or after COMMIT), where VALIDATE takes only SHARE UPDATE EXCLUSIVE and reads and writes continue.',
      });
    }
  },
});

interface EarlierAddition {
  constraint: AstObject;
  line: number;
}

/** The ADD CONSTRAINT of this name on this table earlier in the current transaction, if any. */
function additionInSameTransaction(context: StatementContext, table: string, name: string): EarlierAddition | undefined {
  const { statement, statements, transaction, file } = context;
  const earlier = statements.slice(0, statements.indexOf(statement));
  const inTrackedTransaction = transaction.constraintsAdded.get(name) === table;
  // golang-migrate and dbmate send a file as one query string: without BEGIN/COMMIT it is one implicit transaction.
  const inOneQueryString = sendsFileAsOneQuery(file.tool) && !transaction.inTransaction && !earlier.some(isTransactionControl);
  if (!inTrackedTransaction && !inOneQueryString) return undefined;
  for (const candidate of [...earlier].reverse()) {
    const added = addedConstraints(candidate).find((item) => item.table === table && item.constraint.conname === name);
    if (added) return { constraint: added.constraint, line: candidate.range.line };
  }
  return undefined;
}

function isTransactionControl(statement: SqlStatement): boolean {
  return statement.kind === 'TransactionStmt';
}

function accessExclusiveLock(table: string): { mode: string; blocked: string } {
  return { mode: 'ACCESS EXCLUSIVE', blocked: `all reads and writes on "${table}"` };
}

function foreignKeyLock(table: string, constraint: AstObject): { mode: string; blocked: string } {
  const referenced = relationName(constraint.pktable);
  const tables = referenced ? `"${table}" and "${referenced}"` : `"${table}"`;
  return { mode: 'SHARE ROW EXCLUSIVE', blocked: `inserts, updates and deletes on ${tables}` };
}
