import { readAlembicRevision } from '../parse/alembic/index.js';
import type { PyValue } from '../parse/python/python-values.js';
import { parseSql, type SqlStatement } from '../parse/sql/parse-sql.js';

/**
 * Which tables the migrations of a change touch (create, alter, index, rename to), read from SQL
 * migrations and from the SQL dbarch generates for Alembic revisions. A model whose schema changes
 * needs one of them to touch its table. Where a migration cannot be read completely (an Alembic
 * helper call, an unresolved operation with no literal table name), coverage is `partial`: any
 * table may be touched, and the missing-migration rule stays silent rather than guess.
 */

export interface MigrationCoverage {
  /** Lower-case table names without schema. */
  touched: Set<string>;
  partial: boolean;
}

export interface MigrationSource {
  kind: 'sql' | 'alembic';
  content: string;
}

export function migrationCoverage(migrations: readonly MigrationSource[]): MigrationCoverage {
  const coverage: MigrationCoverage = { touched: new Set(), partial: false };
  for (const migration of migrations) {
    if (migration.kind === 'sql') addStatements(coverage, parseSql(migration.content).statements);
    else addAlembic(coverage, migration.content);
  }
  return coverage;
}

function addAlembic(coverage: MigrationCoverage, content: string): void {
  const revision = readAlembicRevision(content);
  addStatements(coverage, revision.mapped.statements);
  if (revision.opaque.length > 0) coverage.partial = true;
  for (const item of revision.upgradeOps) {
    if (!item.unresolved) continue;
    // An operation dbarch cannot translate still names its table, as a literal, most of the time.
    const names = [...item.op.call.args, ...item.op.call.kwargs.values()].flatMap(literalStrings);
    if (names.length === 0) coverage.partial = true;
    for (const name of names) coverage.touched.add(normalise(name));
  }
}

function literalStrings(value: PyValue): string[] {
  if (value.type === 'str') return [value.value];
  if (value.type === 'seq') return value.items.flatMap(literalStrings);
  return [];
}

function addStatements(coverage: MigrationCoverage, statements: readonly SqlStatement[]): void {
  for (const statement of statements) {
    if (statement.bulk?.relation) coverage.touched.add(normalise(statement.bulk.relation));
    if (statement.ast) collectRelations(statement.ast, coverage.touched);
  }
}

/** Every `relname` in the AST (RangeVar nodes), plus the new name of a RENAME. */
function collectRelations(node: unknown, into: Set<string>): void {
  if (Array.isArray(node)) {
    for (const item of node) collectRelations(item, into);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const record = node as Record<string, unknown>;
  if (typeof record.relname === 'string') into.add(normalise(record.relname));
  if (typeof record.newname === 'string' && record.renameType === 'OBJECT_TABLE') into.add(normalise(record.newname));
  for (const value of Object.values(record)) if (value && typeof value === 'object') collectRelations(value, into);
}

export function normalise(table: string): string {
  return table.split('.').pop()!.replace(/"/g, '').toLowerCase();
}
