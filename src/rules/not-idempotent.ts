import { defineRule, type RuleReport } from './api/define-rule.js';
import type { SqlStatement } from '../parse/sql/parse-sql.js';
import { asArray, dottedName, nodeOf, type AstObject } from '../parse/sql/ast.js';
import type { StatementContext } from './api/sql-context.js';

/**
 * Outside a transaction every statement commits on its own. When a later statement of the file
 * fails, the earlier ones stay applied, and the tool re-runs the whole file: a CREATE without
 * IF NOT EXISTS (or a DROP without IF EXISTS) then fails on the object it already handled.
 */
export default defineRule({
  id: 'not-idempotent',
  summary: 'CREATE without IF NOT EXISTS or DROP without IF EXISTS outside a transaction cannot be re-run after a partial failure',
  risk: 'safe',
  severity: 'notice',
  category: 'hygiene',
  oncePerFile: true,
  help: 'Use IF NOT EXISTS / IF EXISTS (OR REPLACE for views and functions), or run the file in a transaction.',
  checkStatement(context) {
    const { statement, transaction } = context;
    if (transaction.inTransaction || !laterStatementCanFail(context)) return;
    const report = statement.kind === 'IndexStmt' && statement.ast?.concurrent ? concurrentIndexReport(context) : plainReport(statement);
    if (report) context.report(report);
  },
});

/** Flags that make a statement safe to repeat, by statement kind. */
const REPEATABLE_FLAG: Record<string, { flag: string; clause: string }> = {
  CreateStmt: { flag: 'if_not_exists', clause: 'IF NOT EXISTS' },
  IndexStmt: { flag: 'if_not_exists', clause: 'IF NOT EXISTS' },
  CreateSchemaStmt: { flag: 'if_not_exists', clause: 'IF NOT EXISTS' },
  CreateSeqStmt: { flag: 'if_not_exists', clause: 'IF NOT EXISTS' },
  CreateExtensionStmt: { flag: 'if_not_exists', clause: 'IF NOT EXISTS' },
  CreateTableAsStmt: { flag: 'if_not_exists', clause: 'IF NOT EXISTS' },
  ViewStmt: { flag: 'replace', clause: 'OR REPLACE' },
  CreateFunctionStmt: { flag: 'replace', clause: 'OR REPLACE' },
  DropStmt: { flag: 'missing_ok', clause: 'IF EXISTS' },
};

/** Where the clause goes: after the object keyword(s), or after CREATE for OR REPLACE. */
const INSERT_AFTER: Record<string, RegExp> = {
  'IF NOT EXISTS':
    /^CREATE\s+(?:(?:GLOBAL|LOCAL)\s+)?(?:(?:TEMP|TEMPORARY|UNLOGGED)\s+)?(?:UNIQUE\s+)?(?:TABLE|INDEX(?:\s+CONCURRENTLY)?|SCHEMA|SEQUENCE|EXTENSION|MATERIALIZED\s+VIEW)\b/i,
  'OR REPLACE': /^CREATE\b/i,
  'IF EXISTS':
    /^DROP\s+(?:MATERIALIZED\s+VIEW|FOREIGN\s+TABLE|TEXT\s+SEARCH\s+\w+|EVENT\s+TRIGGER|ACCESS\s+METHOD|FOREIGN\s+DATA\s+WRAPPER|\w+)(?:\s+CONCURRENTLY)?\b/i,
};

/** Re-running only matters when something after this statement can fail and stop the file. */
function laterStatementCanFail({ statement, statements }: StatementContext): boolean {
  // An index walk, not a slice: files with 10⁵ statements call this for each of them.
  for (let index = statement.index + 1; index < statements.length; index += 1) {
    if (!['TransactionStmt', 'VariableSetStmt'].includes(statements[index]!.kind)) return true;
  }
  return false;
}

function plainReport(statement: SqlStatement): RuleReport | undefined {
  const repeatable = REPEATABLE_FLAG[statement.kind];
  if (!repeatable || statement.ast?.[repeatable.flag] || isTemporary(statement)) return undefined;
  const head = INSERT_AFTER[repeatable.clause]!.exec(statement.text);
  const unnamedIndex = statement.kind === 'IndexStmt' && !statement.ast?.idxname;
  const fixable = head && !unnamedIndex;
  const command = head ? head[0].replace(/\s+/g, ' ').toUpperCase() : statement.kind;
  return {
    message:
      `${command} runs outside a transaction, so it commits on its own: if a later statement of this file fails, the migration is left ` +
      `half-applied, and running it again fails here because the first run already did this. ` +
      `Write ${repeatable.clause} (here and in the file's other CREATE and DROP statements), or run the file in a transaction.`,
    ...(fixable
      ? {
          location: 0,
          length: head[0].length,
          fix: { description: `Add ${repeatable.clause}`, replacement: `${head[0]} ${matchCase(head[0], repeatable.clause)}` },
        }
      : {}),
  };
}

/**
 * A failed CREATE INDEX CONCURRENTLY leaves an INVALID index behind; IF NOT EXISTS would then skip
 * the build and keep the broken index. Dropping it first is the way to make the step repeatable.
 */
function concurrentIndexReport({ statement, statements }: StatementContext): RuleReport | undefined {
  const name = typeof statement.ast?.idxname === 'string' ? statement.ast.idxname : undefined;
  if (!name || statement.ast?.if_not_exists || droppedBefore(statements, statement.index, name)) return undefined;
  return {
    message:
      `CREATE INDEX CONCURRENTLY "${name}" cannot be re-run: if it or a later statement fails, a retry fails with "already exists", ` +
      `and a failed concurrent build leaves an INVALID index "${name}" behind (IF NOT EXISTS would silently keep it). ` +
      `Put DROP INDEX CONCURRENTLY IF EXISTS ${name}; right before it.`,
    location: 0,
    length: /^CREATE\s+(?:UNIQUE\s+)?INDEX\s+CONCURRENTLY\b/i.exec(statement.text)?.[0].length,
  };
}

function droppedBefore(statements: readonly SqlStatement[], before: number, index: string): boolean {
  return statements.some(
    (statement) =>
      statement.index < before &&
      statement.kind === 'DropStmt' &&
      statement.ast?.removeType === 'OBJECT_INDEX' &&
      statement.ast.missing_ok === true &&
      asArray(statement.ast.objects).some(
        (object) =>
          dottedName(nodeOf(object, 'List')?.items ?? [object])
            ?.split('.')
            .at(-1) === index,
      ),
  );
}

/** Temporary tables disappear with the session, so a re-run in a new session starts clean. */
function isTemporary(statement: SqlStatement): boolean {
  const relation = (statement.ast?.relation ?? (statement.ast?.into as AstObject | undefined)?.rel) as AstObject | undefined;
  return relation?.relpersistence === 't';
}

/** The clause in lower case when the statement's keywords are written in lower case. */
function matchCase(sample: string, clause: string): string {
  return sample === sample.toLowerCase() ? clause.toLowerCase() : clause;
}
