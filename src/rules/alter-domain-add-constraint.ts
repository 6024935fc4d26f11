import { defineRule } from './api/define-rule.js';
import type { SqlStatement } from '../parse/sql/parse-sql.js';
import { dottedName, nodeOf, stringList } from '../parse/sql/ast.js';

/**
 * ALTER DOMAIN … ADD CONSTRAINT (and SET NOT NULL) checks the new rule against every column of
 * every table whose type is the domain, holding a SHARE lock on each of those tables until the
 * transaction ends. A CHECK added NOT VALID is enforced for new values at once and can be validated
 * later, separately.
 */
export default defineRule({
  id: 'alter-domain-add-constraint',
  summary: 'ALTER DOMAIN … ADD CONSTRAINT without NOT VALID scans every table that uses the domain',
  risk: 'downtime',
  severity: 'error',
  category: 'safety',
  help: 'Add the CHECK with NOT VALID (new values are checked at once), then ALTER DOMAIN … VALIDATE CONSTRAINT separately.',
  checkStatement({ statement, statements, report }) {
    const ast = statement.ast;
    if (statement.kind !== 'AlterDomainStmt' || !ast) return;
    const domain = dottedName(ast.typeName);
    if (!domain || createdInFile(statements, statement.index, domain)) return;
    const written = stringList(ast.typeName).join('.');
    const impact =
      `checks every column of every table that uses the domain "${written}", holding a SHARE lock on each of those tables: ` +
      `writes to all of them wait until the last one has been scanned, and the locks last until the transaction commits.`;
    if (ast.subtype === 'O') {
      report({
        message:
          `ALTER DOMAIN "${written}" SET NOT NULL ${impact} Instead, ADD CONSTRAINT … CHECK (VALUE IS NOT NULL) NOT VALID, ` +
          `then VALIDATE CONSTRAINT separately.`,
      });
      return;
    }
    const constraint = ast.subtype === 'C' ? nodeOf(ast.def, 'Constraint') : undefined;
    if (!constraint || constraint.skip_validation) return;
    const isCheck = constraint.contype === 'CONSTR_CHECK';
    report({
      message:
        `ALTER DOMAIN "${written}" ADD CONSTRAINT ${impact} ` +
        (isCheck
          ? 'Add it with NOT VALID (new and updated values are checked at once), then run ALTER DOMAIN … VALIDATE CONSTRAINT in its own transaction.'
          : 'Add it as CHECK (VALUE IS NOT NULL) NOT VALID instead, then VALIDATE CONSTRAINT in its own transaction.'),
      fix: isCheck
        ? { description: 'Add the constraint NOT VALID; validate it later', replacement: `${statement.text.trimEnd()} NOT VALID` }
        : undefined,
    });
  },
});

/** A domain created earlier in the same file is not used by any existing table yet. */
function createdInFile(statements: readonly SqlStatement[], beforeIndex: number, domain: string): boolean {
  return statements
    .slice(0, beforeIndex)
    .some((statement) => statement.kind === 'CreateDomainStmt' && dottedName(statement.ast?.domainname) === domain);
}
