import { defineRule } from './api/define-rule.js';
import { renamedTables, requiredUndo, tableTouched, undoneKeys } from '../parse/alembic/index.js';

/**
 * downgrade() exists but leaves some of upgrade()'s work in place: a column added without a
 * drop_column, an index without a drop_index. A rollback then leaves the schema between versions,
 * and re-running the upgrade fails on objects that already exist.
 */
export default defineRule({
  id: 'alembic-downgrade-incomplete',
  summary: 'downgrade() does not undo an operation of upgrade() (e.g. add_column without drop_column)',
  risk: 'safe',
  severity: 'warning',
  category: 'hygiene',
  help: 'Add the reverse of each upgrade() operation to downgrade(), in reverse order.',
  checkAlembic({ revision, report }) {
    if (!revision.downgrade || revision.downgrade.empty) return;
    // One table under its old and new name: downgrade() may undo an operation before or after renaming it back.
    const sameTable = renamedTables(revision.upgradeOps.map(({ op }) => op));
    const done = new Set(revision.downgradeOps.flatMap(undoneKeys).map(sameTable));
    const executed = revision.downgradeOps.filter((op) => op.name === 'execute').map((op) => JSON.stringify(op.call.args).toLowerCase());
    for (const { op } of revision.upgradeOps) {
      const undo = requiredUndo(op);
      if (!undo || done.has(sameTable(undo.key))) continue;
      const table = tableTouched(op);
      if (table && done.has(sameTable(`table-contents:${table}`))) continue;
      // Hand-written SQL in downgrade() may do the reversal: accept it when it names the object.
      const objectName = undo.key.split(/[:.>]/).pop()!;
      if (executed.some((text) => text.includes(objectName))) continue;
      report({
        message: `downgrade() does not undo this op.${op.name}(): after \`alembic downgrade\` it is still in place, so the schema matches neither version and the next upgrade fails on it. Add \`op.${undo.expected}\` to downgrade().`,
        span: undo.span,
      });
    }
  },
});
