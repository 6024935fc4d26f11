import type { SchemaFacts, TableFacts } from '../analysis/schema-facts.js';
import type { FileReview } from '../review-types/index.js';

/**
 * The part of the existing schema the model needs: the tables the change touches, as they are before
 * it, one compact CREATE TABLE-like line each, from the base snapshot's applied facts
 * (engine/base/read-base.ts: edited migrations in the version production applied).
 */

/** Relations the reviewed statements lock, most-touched first (the lock model names them all). */
export function touchedRelations(files: readonly FileReview[]): string[] {
  const counts = new Map<string, number>();
  for (const file of files) {
    for (const statement of file.statements) {
      for (const lock of statement.locks) counts.set(lock.relation, (counts.get(lock.relation) ?? 0) + 1);
    }
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([relation]) => relation);
}

/** One line per touched table that exists in the base; relations the base does not know are skipped. */
export function describeTables(facts: SchemaFacts, relations: readonly string[]): string[] {
  const lines: string[] = [];
  const seen = new Set<string>();
  for (const relation of relations) {
    const table = facts.tables.get(relation) ?? facts.tables.get(relation.replace(/^public\./, ''));
    if (!table || seen.has(table.name)) continue;
    seen.add(table.name);
    lines.push(describeTable(table, facts));
  }
  return lines;
}

function describeTable(table: TableFacts, facts: SchemaFacts): string {
  const columns = [...table.columns.values()].map((column) => `${column.name} ${column.type}${column.notNull ? ' NOT NULL' : ''}`);
  const indexes = [...facts.indexes.values()].filter((index) => index.table === table.name).map((index) => index.name);
  const constraints = [...facts.constraints.entries()].filter(([, owner]) => owner.table === table.name).map(([name]) => name);
  const extras = [
    table.partitioned ? 'partitioned' : undefined,
    indexes.length > 0 ? `indexes: ${indexes.join(', ')}` : undefined,
    constraints.length > 0 ? `constraints: ${constraints.join(', ')}` : undefined,
  ].filter(Boolean);
  return `TABLE ${table.name} (${columns.join(', ')})${extras.length > 0 ? ` -- ${extras.join('; ')}` : ''}`;
}
