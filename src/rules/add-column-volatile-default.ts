import { defineRule } from './api/define-rule.js';
import type { AstObject } from '../parse/sql/ast.js';
import { addedColumn, alterTableCommands, columnConstraints, defaultExpression, findConstraint } from './support/alter-table.js';
import { columnTypeOf, SERIAL_TYPES } from './support/column-types.js';
import { notNullSteps, numbered } from './support/not-null-steps.js';
import { quoteIdentifier, quoteQualifiedName } from './support/sql-identifiers.js';
import { declaredFunctionVolatility, expressionVolatility, type VolatileCall } from './support/function-volatility.js';

/**
 * Since PostgreSQL 11, ADD COLUMN … DEFAULT stores a non-volatile default once in the catalogue and
 * returns at once. A volatile default (a new value per row) still has to be written into every
 * existing row: the table is rewritten under ACCESS EXCLUSIVE. Before 11, every non-null default
 * rewrites. Serial, identity and generated columns are add-column-rewrite's concern.
 */
export default defineRule({
  id: 'add-column-volatile-default',
  summary: 'ADD COLUMN with a volatile default (or any default before PostgreSQL 11) rewrites the whole table',
  risk: 'downtime',
  severity: 'error',
  category: 'safety',
  help:
    'Add the column without a default, then SET DEFAULT so new rows get the value, then backfill existing rows in small batches. ' +
    'Constant and STABLE defaults such as now() do not rewrite on PostgreSQL 11 and later.',
  checkStatement({ statement, statements, facts, pgVersion, report }) {
    const alter = alterTableCommands(statement);
    if (!alter || facts.isNewTable(alter.table)) return;
    const declared = declaredFunctionVolatility(statements, statement.index);
    for (const command of alter.commands) {
      const column = addedColumn(command);
      if (!column || hasOwnRewriteRule(column)) continue;
      const expression = defaultExpression(column);
      if (expression === undefined) continue;
      const steps = safeSteps(alter.tableAsWritten, column, statement.text, pgVersion);
      if (pgVersion < 11) {
        report({
          message:
            `ADD COLUMN "${String(column.colname)}" with a DEFAULT on existing table "${alter.tableAsWritten}": before PostgreSQL 11 any non-null default ` +
            `is written into every row, so the whole table is rewritten while ACCESS EXCLUSIVE is held and all reads and writes on "${alter.tableAsWritten}" wait. ` +
            `Add the column without a default, SET DEFAULT separately, and backfill in batches (or upgrade: PostgreSQL 11+ stores constant defaults without a rewrite).`,
          location: findConstraint(column, 'CONSTR_DEFAULT')?.location as number | undefined,
          fix: { description: steps },
        });
        continue;
      }
      const { volatility, volatileFunctions } = expressionVolatility(expression, declared);
      if (volatility !== 'volatile') continue;
      const culprit = volatileFunctions[0]!;
      report({
        message:
          `ADD COLUMN "${String(column.colname)}" on existing table "${alter.tableAsWritten}" has a volatile default (${describeCall(culprit)}): ` +
          `PostgreSQL computes it for every existing row, rewriting the whole table under ACCESS EXCLUSIVE, so all reads and writes on "${alter.tableAsWritten}" ` +
          `wait for a time that grows with the table. Add the column without a default, SET DEFAULT for new rows, then backfill existing rows in batches.`,
        location: culprit.location,
        fix: { description: steps },
      });
    }
  },
});

/** Serial types and identity/generated columns rewrite for their own reasons (add-column-rewrite). */
function hasOwnRewriteRule(column: AstObject): boolean {
  if (SERIAL_TYPES.has(columnTypeOf(column.typeName).name)) return true;
  return columnConstraints(column).some(
    (constraint) => constraint.contype === 'CONSTR_IDENTITY' || constraint.contype === 'CONSTR_GENERATED',
  );
}

function describeCall(call: VolatileCall): string {
  if (call.source === 'unknown') return `${call.name}() is an unknown function, assumed volatile`;
  if (call.source === 'declared') return `${call.name}() is declared VOLATILE earlier in this file`;
  return `${call.name}() is VOLATILE`;
}

/** The expand-and-backfill sequence for this column, spelled out. */
function safeSteps(table: string, column: AstObject, statementText: string, pgVersion: number): string {
  const name = String(column.colname);
  const [target, quoted] = [quoteQualifiedName(table), quoteIdentifier(name)];
  const defaultConstraint = findConstraint(column, 'CONSTR_DEFAULT');
  const defaultText = defaultConstraint ? sliceDefault(statementText, defaultConstraint) : '…';
  const notNull = columnConstraints(column).some((constraint) => constraint.contype === 'CONSTR_NOTNULL');
  return numbered([
    `ALTER TABLE ${target} ADD COLUMN ${quoted} ${columnTypeOf(column.typeName).text};`,
    `ALTER TABLE ${target} ALTER COLUMN ${quoted} SET DEFAULT ${defaultText};`,
    `Backfill existing rows in batches, each in its own short transaction: UPDATE ${target} SET ${quoted} = ${defaultText} WHERE ${quoted} IS NULL AND <key range of the batch>;`,
    ...(notNull ? notNullSteps(pgVersion, table, name) : []),
  ]);
}

/** The default expression's text: from after DEFAULT to the end of the column definition, trimmed. */
function sliceDefault(statementText: string, constraint: AstObject): string {
  const bytes = Buffer.from(statementText, 'utf8');
  const after = bytes
    .subarray(Number(constraint.location) || 0)
    .toString('utf8')
    .replace(/^DEFAULT\s+/i, '');
  return readExpression(after);
}

/** Reads one expression up to a top-level comma or a following column constraint keyword. */
function readExpression(text: string): string {
  let depth = 0;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index]!;
    if (char === '(') depth += 1;
    else if (char === ')') {
      if (depth === 0) return text.slice(0, index).trim();
      depth -= 1;
    } else if (char === "'") index = text.indexOf("'", index + 1) < 0 ? text.length : text.indexOf("'", index + 1);
    else if (
      depth === 0 &&
      (char === ',' || /^\s(?:NOT\s+NULL|NULL|CHECK|REFERENCES|UNIQUE|PRIMARY|CONSTRAINT|COLLATE)\b/i.test(text.slice(index, index + 12)))
    ) {
      return text.slice(0, index).trim();
    }
  }
  return text.trim();
}
