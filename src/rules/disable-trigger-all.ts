import { defineRule } from './api/define-rule.js';
import { statementAndBody } from './support/statement-and-body.js';
import { asArray, nodeOf, relationName } from '../parse/sql/ast.js';

/**
 * DISABLE TRIGGER ALL also disables the internal triggers that enforce foreign keys: rows written
 * meanwhile are never checked, and re-enabling does not check them either. (DISABLE TRIGGER USER
 * leaves those alone; it is a different concern and not reported.)
 */
export default defineRule({
  id: 'disable-trigger-all',
  summary: 'ALTER TABLE … DISABLE TRIGGER ALL turns off foreign-key enforcement on the table',
  risk: 'safe',
  severity: 'error',
  category: 'safety',
  help:
    'Disable only the triggers you mean (DISABLE TRIGGER USER, or one by name); to load data in any order, make the foreign keys ' +
    'DEFERRABLE and SET CONSTRAINTS … DEFERRED, so they are still checked at commit.',
  checkStatement({ statement, report }) {
    // Inside a DO block or a function body too.
    for (const checked of statementAndBody(statement)) {
      if (checked.kind !== 'AlterTableStmt' || !checked.ast) continue;
      const disablesAll = asArray(checked.ast.cmds).some((command) => nodeOf(command, 'AlterTableCmd')?.subtype === 'AT_DisableTrigAll');
      if (!disablesAll) continue;
      const table = relationName(checked.ast.relation) ?? 'the table';
      report({
        ...(checked.location !== undefined ? { location: checked.location } : {}),
        message:
          `${checked.intro}DISABLE TRIGGER ALL on "${table}" also disables the system triggers that enforce its foreign keys (it needs superuser for that): ` +
          'rows written until ENABLE TRIGGER ALL are never checked, and enabling them again does not check them, so orphaned rows stay. ' +
          'Disable only user triggers (DISABLE TRIGGER USER) or one trigger by name; to load rows in any order, make the foreign keys DEFERRABLE instead.',
      });
    }
  },
});
