import type { LockMode, RelationLock } from '../../review-types/index.js';
import { lockBlocks, strongerLock } from '../../analysis/lock-modes.js';
import type { SqlSession } from '../sql-session.js';

/**
 * The user relations that exist at a moment (oid → name, kind, relfilenode) and what a statement
 * did to them: locks it holds (from pg_locks of this backend) and rewrites (relfilenode changes).
 * Catalog relations and relations the statement created itself are left out.
 */

export interface RelationInfo {
  oid: string;
  name: string;
  kind: string;
  filenode: string;
  /** For an index: the oid of its table. */
  tableOid?: string;
}

export type RelationSnapshot = Map<string, RelationInfo>;

/** The schemas of user objects, for a query whose pg_namespace is `n`: not the catalogs, not temporary ones. */
export const USER_SCHEMAS = `n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
  AND n.nspname NOT LIKE 'pg\\_temp\\_%' AND n.nspname NOT LIKE 'pg\\_toast\\_temp\\_%'`;

const SNAPSHOT_SQL = `
SELECT c.oid::text AS oid, c.relfilenode::text AS filenode, c.relkind::text AS kind,
       n.nspname AS schema, c.relname AS name, i.indrelid::text AS table_oid
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_index i ON i.indexrelid = c.oid
WHERE ${USER_SCHEMAS}
  AND c.relkind IN ('r', 'p', 'i', 'I', 'm', 'v', 'f', 'S')`;

const LOCKS_SQL = `
SELECT l.relation::text AS oid, l.mode AS mode
FROM pg_locks l
WHERE l.locktype = 'relation' AND l.pid = pg_backend_pid() AND l.granted
  AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())`;

interface SnapshotRow {
  oid: string;
  filenode: string;
  kind: string;
  schema: string;
  name: string;
  table_oid: string | null;
}

export async function takeSnapshot(session: SqlSession): Promise<RelationSnapshot> {
  const rows = await session.query<SnapshotRow>(SNAPSHOT_SQL);
  const snapshot: RelationSnapshot = new Map();
  for (const row of rows) {
    snapshot.set(row.oid, {
      oid: row.oid,
      name: displayName(row.schema, row.name),
      kind: row.kind,
      filenode: row.filenode,
      ...(row.table_oid ? { tableOid: row.table_oid } : {}),
    });
  }
  return snapshot;
}

/** Names as dbarch's static model writes them: unqualified in `public`, schema-qualified elsewhere. */
export function displayName(schema: string, name: string): string {
  return schema === 'public' ? name : `${schema}.${name}`;
}

const MODE_NAMES: Record<string, LockMode> = {
  AccessShareLock: 'ACCESS SHARE',
  RowShareLock: 'ROW SHARE',
  RowExclusiveLock: 'ROW EXCLUSIVE',
  ShareUpdateExclusiveLock: 'SHARE UPDATE EXCLUSIVE',
  ShareLock: 'SHARE',
  ShareRowExclusiveLock: 'SHARE ROW EXCLUSIVE',
  ExclusiveLock: 'EXCLUSIVE',
  AccessExclusiveLock: 'ACCESS EXCLUSIVE',
};

const TABLE_KINDS = new Set(['r', 'p', 'm', 'v', 'f']);
const INDEX_KINDS = new Set(['i', 'I']);

/**
 * The strongest lock this backend holds on each relation that existed before the statement.
 * Tables and views are listed; an index only when its table is not locked too (DROP INDEX …);
 * sequences are left out (nextval's locks are not what a reviewer asks about).
 */
export async function readHeldLocks(session: SqlSession, before: RelationSnapshot): Promise<RelationLock[]> {
  const rows = await session.query<{ oid: string; mode: string }>(LOCKS_SQL);
  const held = new Map<string, LockMode>();
  for (const row of rows) {
    const relation = before.get(row.oid);
    const mode = MODE_NAMES[row.mode];
    if (!relation || !mode) continue;
    const current = held.get(row.oid);
    held.set(row.oid, current ? strongerLock(current, mode) : mode);
  }
  const locks: RelationLock[] = [];
  for (const [oid, mode] of held) {
    const relation = before.get(oid)!;
    if (INDEX_KINDS.has(relation.kind) && relation.tableOid && held.has(relation.tableOid)) continue;
    if (!TABLE_KINDS.has(relation.kind) && !INDEX_KINDS.has(relation.kind)) continue;
    locks.push({ relation: relation.name, mode, blocks: lockBlocks(mode) });
  }
  return locks.sort((a, b) => a.relation.localeCompare(b.relation));
}

/**
 * Pre-existing tables, materialized views and indexes that got a new relfilenode. ALTER COLUMN
 * TYPE re-creates the column's indexes under a new oid: those are matched by name, and count as
 * rewritten only when their storage (relfilenode) is new too.
 */
export function rewrittenRelations(before: RelationSnapshot, after: RelationSnapshot): string[] {
  const afterByName = new Map([...after.values()].map((relation) => [relation.name, relation]));
  const rewritten: string[] = [];
  for (const [oid, old] of before) {
    const now = after.get(oid) ?? afterByName.get(old.name);
    if (!now || old.filenode === '0' || now.filenode === old.filenode) continue;
    if (TABLE_KINDS.has(old.kind) || INDEX_KINDS.has(old.kind)) rewritten.push(old.name);
  }
  return rewritten.sort(byTablesFirst(before));
}

/** Relations whose name did not exist before the statement. */
export function createdRelations(before: RelationSnapshot, after: RelationSnapshot): string[] {
  const known = new Set([...before.values()].map((relation) => relation.name));
  return [...after.values()]
    .filter((relation) => !known.has(relation.name))
    .map((relation) => relation.name)
    .sort();
}

/** The subset of names that are tables or materialized views in a snapshot. */
export function tablesAmong(snapshot: RelationSnapshot, names: readonly string[]): string[] {
  const tables = new Set([...snapshot.values()].filter((relation) => TABLE_KINDS.has(relation.kind)).map((relation) => relation.name));
  return names.filter((name) => tables.has(name));
}

function byTablesFirst(snapshot: RelationSnapshot): (a: string, b: string) => number {
  const kinds = new Map([...snapshot.values()].map((relation) => [relation.name, relation.kind]));
  const rank = (name: string) => (INDEX_KINDS.has(kinds.get(name) ?? '') ? 1 : 0);
  return (a, b) => rank(a) - rank(b) || a.localeCompare(b);
}
