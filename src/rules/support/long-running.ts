import type { SchemaFacts } from '../../analysis/schema-facts.js';
import type { SqlStatement } from '../../parse/sql/parse-sql.js';
import { asArray, nodeOf, relationName, type AstObject } from '../../parse/sql/ast.js';
import { expressionVolatility } from './function-volatility.js';
import { columnTypeOf, parseColumnType, SERIAL_TYPES } from './column-types.js';
import { classifyTypeChange } from './type-change.js';
import { isTargetedChange } from './targeted-change.js';
import { isSystemCatalog } from './system-catalogs.js';
import { readsExistingTables } from './insert-sources.js';
import { reindexIsConcurrent, vacuumIsFull } from '../../analysis/statement-locks.js';

/**
 * Does a statement do work that grows with the size of an existing table (scan, rewrite, index
 * build, row-by-row changes)? Shared by the rules that care how long a statement runs: holding
 * ACCESS EXCLUSIVE while it runs, or running it with no statement_timeout. CONCURRENTLY builds are
 * never listed: they do not block traffic, and a timeout would only kill them halfway. Nor are
 * UPDATE/DELETE statements that pin their rows by key (see targeted-change.ts).
 */

export interface LongRunningWork {
  /** Short description: "builds an index on "orders"". */
  reason: string;
  /** Whether the work blocks other sessions' reads or writes while it runs (VALIDATE does not). */
  blocksTraffic: boolean;
}

export interface LongRunningOptions {
  pgVersion?: number;
}

const REWRITING_COMMANDS: Record<string, string> = {
  AT_SetLogged: 'rewrites "%s" to make it logged',
  AT_SetUnLogged: 'rewrites "%s" to make it unlogged',
  AT_SetAccessMethod: 'rewrites "%s" into another access method',
  AT_SetTableSpace: 'copies "%s" to another tablespace',
};

/** Short reason when the statement does work that grows with an existing table; undefined otherwise. */
export function isLongRunning(statement: SqlStatement, facts: SchemaFacts, options: LongRunningOptions = {}): string | undefined {
  return longRunningWork(statement, facts, options)?.reason;
}

export function longRunningWork(
  statement: SqlStatement,
  facts: SchemaFacts,
  options: LongRunningOptions = {},
): LongRunningWork | undefined {
  const ast = statement.ast;
  if (!ast) return undefined;
  const existing = (name: string | undefined): name is string => !!name && !facts.isNewTable(name);
  const table = relationName(ast.relation);
  switch (statement.kind) {
    case 'IndexStmt':
      return !ast.concurrent && existing(table) ? blocking(`builds an index on "${table}"`) : undefined;
    case 'AlterTableStmt':
      return existing(table) ? alterTableWork(table, ast, facts, options) : undefined;
    case 'ClusterStmt':
      return table === undefined || existing(table)
        ? blocking(`rewrites ${table ? `"${table}"` : 'every clustered table'} in index order`)
        : undefined;
    case 'VacuumStmt':
      return vacuumFullWork(ast, existing);
    case 'ReindexStmt':
      return reindexWork(ast, facts);
    case 'RefreshMatViewStmt':
      return existing(table) ? { reason: `recomputes materialized view "${table}"`, blocksTraffic: !ast.concurrent } : undefined;
    case 'UpdateStmt':
      return existing(table) && !isSystemCatalog(table) && !isTargetedChange(ast) ? blocking(`updates rows of "${table}"`) : undefined;
    case 'DeleteStmt':
      return existing(table) && !isSystemCatalog(table) && !isTargetedChange(ast) ? blocking(`deletes rows of "${table}"`) : undefined;
    case 'InsertStmt':
      return existing(table) && !isSystemCatalog(table) && readsExistingTables(ast, facts).length > 0
        ? blocking(`copies rows into "${table}"`)
        : undefined;
    default:
      return undefined;
  }
}

function blocking(reason: string): LongRunningWork {
  return { reason, blocksTraffic: true };
}

function alterTableWork(table: string, ast: AstObject, facts: SchemaFacts, options: LongRunningOptions): LongRunningWork | undefined {
  for (const item of asArray(ast.cmds)) {
    const command = nodeOf(item, 'AlterTableCmd');
    const work = command ? alterCommandWork(table, command, facts, options) : undefined;
    if (work) return work;
  }
  return undefined;
}

function alterCommandWork(table: string, command: AstObject, facts: SchemaFacts, options: LongRunningOptions): LongRunningWork | undefined {
  const subtype = String(command.subtype);
  const column = typeof command.name === 'string' ? command.name : '';
  if (REWRITING_COMMANDS[subtype]) return blocking(REWRITING_COMMANDS[subtype]!.replace('%s', table));
  switch (subtype) {
    case 'AT_AddConstraint':
      return constraintWork(table, nodeOf(command.def, 'Constraint'));
    case 'AT_ValidateConstraint':
      return { reason: `validates constraint "${column}" by scanning "${table}"`, blocksTraffic: false };
    case 'AT_SetNotNull':
      return provenNotNull(table, column, facts, options) ? undefined : blocking(`scans "${table}" to check "${column}" has no NULLs`);
    case 'AT_AlterColumnType':
      return typeChangeRewrites(table, column, nodeOf(command.def, 'ColumnDef'), facts, options.pgVersion ?? 16)
        ? blocking(`rewrites "${table}" to change the type of "${column}"`)
        : undefined;
    case 'AT_AddColumn':
      return addColumnRewrites(nodeOf(command.def, 'ColumnDef'), options.pgVersion ?? 16)
        ? blocking(`rewrites "${table}" to fill the new column`)
        : undefined;
    default:
      return undefined;
  }
}

function constraintWork(table: string, constraint: AstObject | undefined): LongRunningWork | undefined {
  if (!constraint) return undefined;
  const name = typeof constraint.conname === 'string' ? ` "${constraint.conname}"` : '';
  switch (constraint.contype) {
    case 'CONSTR_CHECK':
    case 'CONSTR_FOREIGN':
      return constraint.skip_validation ? undefined : blocking(`validates the new constraint${name} by scanning "${table}"`);
    case 'CONSTR_PRIMARY':
    case 'CONSTR_UNIQUE':
      return constraint.indexname ? undefined : blocking(`builds the index behind the new constraint${name} on "${table}"`);
    case 'CONSTR_EXCLUSION':
      return blocking(`builds the index behind the new exclusion constraint${name} on "${table}"`);
    default:
      return undefined;
  }
}

/** PostgreSQL 12+ skips the SET NOT NULL scan when a validated CHECK (column IS NOT NULL) proves it. */
function provenNotNull(table: string, column: string, facts: SchemaFacts, options: LongRunningOptions): boolean {
  return (options.pgVersion ?? 16) >= 12 && facts.hasValidatedNotNullProof(table, column);
}

function addColumnRewrites(column: AstObject | undefined, pgVersion: number): boolean {
  if (!column) return false;
  if (SERIAL_TYPES.has(columnTypeOf(column.typeName).name)) return true;
  return asArray(column.constraints).some((item) => {
    const constraint = nodeOf(item, 'Constraint');
    if (constraint?.contype === 'CONSTR_IDENTITY') return true;
    if (constraint?.contype === 'CONSTR_GENERATED') return constraint.generated_kind !== 'v';
    if (constraint?.contype !== 'CONSTR_DEFAULT') return false;
    const isNull = !!nodeOf(constraint.raw_expr, 'A_Const')?.isnull;
    return !isNull && (pgVersion < 11 || expressionVolatility(constraint.raw_expr).volatility === 'volatile');
  });
}

/**
 * Whether ALTER COLUMN … TYPE rewrites the table, judged like the alter-column-type rule does when
 * the old type is known. When it is not, a change to text or unbounded varchar is given the benefit
 * of the doubt (the usual widening); anything else is assumed to rewrite.
 */
function typeChangeRewrites(
  table: string,
  column: string,
  definition: AstObject | undefined,
  facts: SchemaFacts,
  pgVersion: number,
): boolean {
  if (!definition) return false;
  const target = columnTypeOf(definition.typeName);
  const current = facts.column(table, column)?.type;
  if (current === undefined) return definition.raw_default !== undefined || !['text', 'varchar'].includes(target.text);
  return classifyTypeChange(parseColumnType(current), target, definition.raw_default, column, pgVersion).kind === 'rewrite';
}

function vacuumFullWork(ast: AstObject, existing: (name: string | undefined) => boolean): LongRunningWork | undefined {
  if (!vacuumIsFull(ast)) return undefined;
  const tables = asArray(ast.rels).map((item) => relationName(nodeOf(item, 'VacuumRelation')?.relation));
  if (tables.length === 0) return blocking('rewrites every table of the database (VACUUM FULL)');
  const old = tables.filter(existing);
  return old.length > 0 ? blocking(`rewrites "${old.join('", "')}" (VACUUM FULL)`) : undefined;
}

function reindexWork(ast: AstObject, facts: SchemaFacts): LongRunningWork | undefined {
  if (reindexIsConcurrent(ast)) return undefined;
  const name = relationName(ast.relation);
  if (!name)
    return blocking(`rebuilds every index of ${String(ast.kind).replace('REINDEX_OBJECT_', '').toLowerCase()} "${String(ast.name ?? '')}"`);
  const table = ast.kind === 'REINDEX_OBJECT_INDEX' ? facts.indexes.get(name)?.table : name;
  if (table && facts.isNewTable(table)) return undefined;
  return blocking(ast.kind === 'REINDEX_OBJECT_INDEX' ? `rebuilds index "${name}"` : `rebuilds every index of "${name}"`);
}
