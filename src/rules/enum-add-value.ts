import { defineRule } from './api/define-rule.js';
import type { SqlStatement } from '../parse/sql/parse-sql.js';
import { dottedName, relationName, stringList, walkNodes } from '../parse/sql/ast.js';
import type { SchemaFacts } from '../analysis/schema-facts.js';

/**
 * ALTER TYPE … ADD VALUE and transactions: before PostgreSQL 12 it cannot run inside a transaction
 * block at all; from 12 it can, but the new label cannot be used until that transaction commits
 * ("unsafe use of new value"). Both fail the migration. Either way an enum created in the same
 * transaction is exempt. Appending without BEFORE/AFTER is the usual intent and is not reported.
 */
export default defineRule({
  id: 'enum-add-value',
  summary: 'ALTER TYPE … ADD VALUE inside a transaction fails before PostgreSQL 12, and its value cannot be used before commit',
  risk: 'safe',
  severity: 'error',
  category: 'correctness',
  help: 'Run ADD VALUE in its own migration without a transaction (or commit right after it), and use the new label only in a later migration.',
  checkStatement({ statement, statements, transaction, facts, pgVersion, report }) {
    const ast = statement.ast;
    if (statement.kind !== 'AlterEnumStmt' || !ast || ast.oldVal !== undefined || typeof ast.newVal !== 'string') return;
    if (!transaction.inTransaction) return;
    const enumName = dottedName(ast.typeName) ?? '';
    if (createdInSameTransaction(statements, statement.index, enumName)) return;
    const label = ast.newVal;
    const written = stringList(ast.typeName).join('.');
    if (pgVersion < 12) {
      report({
        message:
          `ALTER TYPE "${written}" ADD VALUE '${label}' runs inside a transaction block (${transaction.explicit ? 'opened by BEGIN' : 'the migration tool wraps the file'}), ` +
          `which PostgreSQL before 12 refuses: the migration fails. Put it in its own migration that runs without a transaction.`,
      });
      return;
    }
    const use = laterUse(statements, statement.index, enumName, label, facts);
    if (!use) return;
    report({
      message:
        `ALTER TYPE "${written}" ADD VALUE '${label}' runs inside a transaction, and line ${use.line} uses '${label}' before that transaction commits: ` +
        `PostgreSQL refuses with "unsafe use of new value" and the migration fails. Commit after ADD VALUE and use the label in a later migration.`,
    });
  },
});

function isTransactionBoundary(statement: SqlStatement): boolean {
  return statement.kind === 'TransactionStmt';
}

/** CREATE TYPE … AS ENUM earlier in the same transaction block: its new values may be used at once. */
function createdInSameTransaction(statements: readonly SqlStatement[], index: number, enumName: string): boolean {
  for (let position = index - 1; position >= 0; position -= 1) {
    const statement = statements[position]!;
    if (isTransactionBoundary(statement)) return false;
    if (statement.kind === 'CreateEnumStmt' && dottedName(statement.ast?.typeName) === enumName) return true;
  }
  return false;
}

/** The first later statement of the same transaction that writes or compares the new label. */
function laterUse(
  statements: readonly SqlStatement[],
  index: number,
  enumName: string,
  label: string,
  facts: SchemaFacts,
): { line: number } | undefined {
  for (const statement of statements.slice(index + 1)) {
    if (isTransactionBoundary(statement)) return undefined;
    if (statement.kind === 'AlterEnumStmt' || !statement.ast) continue;
    const location = literalLocation(statement.ast, label);
    if (location !== undefined && mayConcernEnum(statement, enumName, facts)) return { line: statement.rangeAt(location).line };
  }
  return undefined;
}

function literalLocation(ast: unknown, label: string): number | undefined {
  let found: number | undefined;
  walkNodes(ast, (kind, fields) => {
    if (found === undefined && kind === 'A_Const' && (fields.sval as { sval?: string } | undefined)?.sval === label)
      found = Number(fields.location ?? 0);
  });
  return found;
}

/**
 * Whether a statement holding the label can be about this enum: it names the type, or touches a
 * table that has a column of the type, or a table dbarch knows nothing about.
 */
function mayConcernEnum(statement: SqlStatement, enumName: string, facts: SchemaFacts): boolean {
  let namesType = false;
  const tables: string[] = [];
  const direct = relationName(statement.ast?.relation);
  if (direct) tables.push(direct);
  walkNodes(statement.ast, (kind, fields) => {
    if (kind === 'TypeName' && dottedName(fields.names) === enumName) namesType = true;
    if (kind === 'RangeVar') tables.push(relationName(fields) ?? '');
  });
  return namesType || tables.some((name) => tableMayHoldEnum(facts, name, enumName));
}

function tableMayHoldEnum(facts: SchemaFacts, name: string, enumName: string): boolean {
  const table = facts.tables.get(name);
  return !table || [...table.columns.values()].some((column) => column.type.replace(/^public\./, '') === enumName);
}
