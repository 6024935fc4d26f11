import { defineRule } from './api/define-rule.js';
import { dottedName, stringList } from '../parse/sql/ast.js';

/**
 * ALTER TYPE … RENAME VALUE is instant, but from the moment it commits the running application's
 * old label is invalid input: every write, filter or cast that still says it fails. Like any rename,
 * it needs an expand/contract rollout.
 */
export default defineRule({
  id: 'rename-enum-value',
  summary: 'ALTER TYPE … RENAME VALUE breaks application code that still uses the old label',
  risk: 'downtime',
  severity: 'error',
  category: 'safety',
  help:
    'Expand/contract: ADD VALUE the new label, deploy code that accepts both and writes the new one, ' +
    'backfill rows in batches, and stop using the old label (removing it needs a new type).',
  checkStatement({ statement, facts, report }) {
    const ast = statement.ast;
    if (statement.kind !== 'AlterEnumStmt' || !ast || typeof ast.oldVal !== 'string' || typeof ast.newVal !== 'string') return;
    const enumName = dottedName(ast.typeName);
    if (enumName && facts.enums.get(enumName) === 'change') return;
    const written = stringList(ast.typeName).join('.');
    report({
      message:
        `ALTER TYPE "${written}" RENAME VALUE '${ast.oldVal}' TO '${ast.newVal}' breaks the application version that is running: ` +
        `from the commit on, every insert, update, filter or cast that still uses '${ast.oldVal}' fails with "invalid input value for enum", ` +
        `until new code is deployed everywhere. Add '${ast.newVal}' with ADD VALUE, deploy code that reads both and writes '${ast.newVal}', ` +
        `backfill existing rows in batches, then stop using '${ast.oldVal}'.`,
    });
  },
});
