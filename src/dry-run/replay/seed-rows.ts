import type { SqlSession } from '../sql-session.js';

/**
 * Puts sample rows into pre-existing tables a changed statement touches, so the trace shows what a
 * table with data does (ADD COLUMN … NOT NULL without a default fails; a rewrite has pages to copy).
 * Every column of a simple type gets a distinct, non-null value per row; columns of other types
 * are left to their default or NULL. A table that cannot be filled that way (a NOT NULL column of
 * an unknown type, a CHECK the values violate …) is left empty. Foreign keys are not checked while
 * seeding (session_replication_role = replica), so a child table needs no parent rows — where the
 * session may set that (a superuser; the real server's unprivileged scratch role may not: there a
 * child table whose rows break its foreign keys is left empty).
 */

interface ColumnRow {
  name: string;
  type: string;
  base_type: string;
  not_null: boolean;
  has_default: boolean;
  identity: string;
  generated: string;
}

/** Value expression for row number `g`, by base type; undefined for types dbarch does not generate. */
function valueFor(baseType: string, formatted: string): string | undefined {
  switch (baseType) {
    case 'smallint':
      return '(g % 32000)::smallint';
    case 'integer':
    case 'bigint':
    case 'numeric':
    case 'real':
    case 'double precision':
      return `g::${formatted}`;
    case 'text':
    case 'character varying':
    case 'character':
    case 'citext':
      return `('v' || g)::${formatted}`;
    case 'boolean':
      return '(g % 2 = 0)';
    case 'date':
      return `(date '2020-01-01' + g)`;
    case 'timestamp without time zone':
    case 'timestamp with time zone':
      return `(timestamp '2020-01-01' + g * interval '1 minute')::${formatted}`;
    case 'time without time zone':
      return `(time '00:00' + g * interval '1 second')`;
    case 'interval':
      return `(g * interval '1 second')`;
    case 'uuid':
      return 'md5(g::text)::uuid';
    case 'json':
    case 'jsonb':
      return `json_build_object('n', g)::${formatted}`;
    case 'bytea':
      return `decode(md5(g::text), 'hex')`;
    default:
      return undefined;
  }
}

const COLUMNS_SQL = `
SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type,
       format_type(COALESCE(NULLIF(t.typbasetype, 0), a.atttypid), NULL) AS base_type,
       a.attnotnull AS not_null, a.atthasdef AS has_default,
       a.attidentity::text AS identity, a.attgenerated::text AS generated
FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attnum`;

export interface SeedPlan {
  sql: string;
  /** Columns left to their default or NULL (a later NOT NULL failure on them is dbarch's doing). */
  leftEmpty: string[];
}

/** SQL that inserts `rows` sample rows, or undefined when the table cannot be filled. */
export function seedSql(table: string, columns: readonly ColumnRow[], rows: number): SeedPlan | undefined {
  const names: string[] = [];
  const values: string[] = [];
  const leftEmpty: string[] = [];
  for (const column of columns) {
    if (column.identity || column.generated) continue;
    const value = column.type.endsWith('[]') ? undefined : valueFor(column.base_type, column.type);
    if (value === undefined) {
      if (column.not_null && !column.has_default) return undefined;
      if (!column.has_default) leftEmpty.push(column.name);
      continue;
    }
    names.push(quoteIdentifier(column.name));
    values.push(value);
  }
  const series = `FROM generate_series(1, ${Math.max(1, Math.floor(rows))}) AS g`;
  if (names.length === 0) return { sql: `INSERT INTO ${table} SELECT ${series}`, leftEmpty };
  return { sql: `INSERT INTO ${table} (${names.join(', ')}) SELECT ${values.join(', ')} ${series}`, leftEmpty };
}

export interface SeededTable {
  /** regclass text of the table. */
  table: string;
  leftEmpty: string[];
}

/**
 * Seeds the empty ordinary tables among `tables` (names as the static lock model writes them).
 * Returns the tables that got rows. Each table is seeded in its own transaction.
 */
export async function seedTables(session: SqlSession, tables: readonly string[], rows: number): Promise<SeededTable[]> {
  const seeded: SeededTable[] = [];
  const replica = await replicaPrefix(session);
  for (const name of new Set(tables)) {
    const table = await resolveTable(session, name);
    if (!table) continue;
    const columns = await session.query<ColumnRow>(COLUMNS_SQL, [table]);
    const plan = seedSql(table, columns, rows);
    if (!plan) continue;
    try {
      await session.exec(`BEGIN; ${replica}${plan.sql}; COMMIT`);
      seeded.push({ table, leftEmpty: plan.leftEmpty });
    } catch {
      await session.exec('ROLLBACK').catch(() => undefined);
    }
  }
  return seeded;
}

/** Removes the sample rows again (used when a statement failed only because of them). */
export async function unseedTables(session: SqlSession, tables: readonly SeededTable[]): Promise<void> {
  const replica = tables.length > 0 ? await replicaPrefix(session) : '';
  for (const { table } of tables) {
    try {
      await session.exec(`BEGIN; ${replica}DELETE FROM ${table}; COMMIT`);
    } catch {
      await session.exec('ROLLBACK').catch(() => undefined);
    }
  }
}

/** `SET LOCAL session_replication_role = replica; ` when the session may set it (it needs a superuser), else nothing. */
async function replicaPrefix(session: SqlSession): Promise<string> {
  try {
    await session.exec('BEGIN; SET LOCAL session_replication_role = replica; ROLLBACK');
    return 'SET LOCAL session_replication_role = replica; ';
  } catch {
    await session.exec('ROLLBACK').catch(() => undefined);
    return '';
  }
}

/** The table's regclass text when it is an existing, empty, ordinary or partitioned table. */
async function resolveTable(session: SqlSession, name: string): Promise<string | undefined> {
  const rows = await session.query<{ regclass_name: string | null; kind: string | null }>(
    `SELECT c.oid::regclass::text AS regclass_name, c.relkind::text AS kind FROM pg_class c WHERE c.oid = to_regclass($1)`,
    [name],
  );
  const row = rows[0];
  if (!row?.regclass_name || (row.kind !== 'r' && row.kind !== 'p')) return undefined;
  const filled = await session.query<{ filled: boolean }>(`SELECT EXISTS (SELECT FROM ${row.regclass_name}) AS filled`);
  return filled[0]?.filled ? undefined : row.regclass_name;
}

function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
