import type { ColumnChange, ConstraintChange } from '../../review-types/index.js';
import { displayName, USER_SCHEMAS } from './relation-snapshot.js';
import type { SqlSession } from '../sql-session.js';

/**
 * The columns and constraints of the user tables at a moment, and what a statement changed in
 * those of the tables that existed before it: columns added, dropped, retyped, made NOT NULL or
 * nullable, given another default; constraints added (valid or NOT VALID), validated, dropped.
 * PostgreSQL 18 also records NOT NULL as a constraint (type "not null"); older servers show it only
 * as the column change.
 */

interface ColumnInfo {
  type: string;
  notNull: boolean;
  default: string | null;
}

interface ConstraintInfo {
  type: string;
  validated: boolean;
}

/** Per table oid: its display name, columns by name and constraints by name. */
export type TableDetails = Map<string, { name: string; columns: Map<string, ColumnInfo>; constraints: Map<string, ConstraintInfo> }>;

const COLUMNS_SQL = `
SELECT a.attrelid::text AS table_oid, n.nspname AS schema, t.relname AS table_name, a.attname AS name,
       format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS not_null, pg_get_expr(d.adbin, d.adrelid) AS default_value
FROM pg_attribute a
JOIN pg_class t ON t.oid = a.attrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE t.relkind IN ('r', 'p') AND ${USER_SCHEMAS} AND a.attnum > 0 AND NOT a.attisdropped`;

const CONSTRAINTS_SQL = `
SELECT c.conrelid::text AS table_oid, n.nspname AS schema, t.relname AS table_name, c.conname AS name,
       c.contype AS type, c.convalidated AS validated
FROM pg_constraint c
JOIN pg_class t ON t.oid = c.conrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
WHERE t.relkind IN ('r', 'p') AND ${USER_SCHEMAS}`;

const CONSTRAINT_TYPES: Record<string, string> = {
  c: 'check',
  f: 'foreign key',
  p: 'primary key',
  u: 'unique',
  x: 'exclusion',
  n: 'not null',
  t: 'constraint trigger',
};

interface ColumnRow {
  table_oid: string;
  schema: string;
  table_name: string;
  name: string;
  type: string;
  not_null: boolean;
  default_value: string | null;
}

interface ConstraintRow {
  table_oid: string;
  schema: string;
  table_name: string;
  name: string;
  type: string;
  validated: boolean;
}

export async function takeTableDetails(session: SqlSession): Promise<TableDetails> {
  const details: TableDetails = new Map();
  const table = (row: { table_oid: string; schema: string; table_name: string }) => {
    let entry = details.get(row.table_oid);
    if (!entry) {
      entry = { name: displayName(row.schema, row.table_name), columns: new Map(), constraints: new Map() };
      details.set(row.table_oid, entry);
    }
    return entry;
  };
  for (const row of await session.query<ColumnRow>(COLUMNS_SQL)) {
    table(row).columns.set(row.name, { type: row.type, notNull: row.not_null, default: row.default_value });
  }
  for (const row of await session.query<ConstraintRow>(CONSTRAINTS_SQL)) {
    table(row).constraints.set(row.name, { type: CONSTRAINT_TYPES[row.type] ?? row.type, validated: row.validated });
  }
  return details;
}

/** What changed in the tables of `before` (a table created by the statement is its own news: see `created`). */
export function tableChanges(before: TableDetails, after: TableDetails): { columns: ColumnChange[]; constraints: ConstraintChange[] } {
  const columns: ColumnChange[] = [];
  const constraints: ConstraintChange[] = [];
  for (const [oid, old] of before) {
    const now = after.get(oid);
    if (!now) continue; // dropped (or rewritten under a new oid by no statement dbarch knows)
    columns.push(...columnChanges(now.name, old.columns, now.columns));
    constraints.push(...constraintChanges(now.name, old.constraints, now.constraints));
  }
  return { columns, constraints };
}

function columnChanges(table: string, before: Map<string, ColumnInfo>, after: Map<string, ColumnInfo>): ColumnChange[] {
  const changes: ColumnChange[] = [];
  for (const [column, now] of after) {
    const old = before.get(column);
    if (!old) {
      changes.push({ table, column, change: 'added', to: now.type });
      continue;
    }
    if (old.type !== now.type) changes.push({ table, column, change: 'type', from: old.type, to: now.type });
    if (old.notNull !== now.notNull) changes.push({ table, column, change: now.notNull ? 'not null' : 'nullable' });
    if (old.default !== now.default) {
      changes.push({
        table,
        column,
        change: 'default',
        ...(old.default ? { from: old.default } : {}),
        ...(now.default ? { to: now.default } : {}),
      });
    }
  }
  for (const column of before.keys()) if (!after.has(column)) changes.push({ table, column, change: 'dropped' });
  return changes;
}

function constraintChanges(table: string, before: Map<string, ConstraintInfo>, after: Map<string, ConstraintInfo>): ConstraintChange[] {
  const changes: ConstraintChange[] = [];
  for (const [name, now] of after) {
    const old = before.get(name);
    if (!old) changes.push({ table, name, type: now.type, change: 'added', validated: now.validated });
    else if (!old.validated && now.validated) changes.push({ table, name, type: now.type, change: 'validated' });
  }
  for (const [name, old] of before) if (!after.has(name)) changes.push({ table, name, type: old.type, change: 'dropped' });
  return changes;
}
