import { seedTables, type SeededTable } from '../replay/seed-rows.js';
import type { SqlSession } from '../sql-session.js';
import type { ReferencedRelation, StatementReferences } from './statement-references.js';
import type { StatementError } from '../types.js';

/**
 * Stand-ins for objects a statement needs that the base lacks. When the base is unknown or
 * incomplete (a PATH review of a file whose tables no reviewed migration creates, a base replay
 * that skipped statements), "relation does not exist" says nothing about the migration: the rules
 * rightly assume the table exists. The dry run then creates what the statement names — a table
 * with the columns the statement uses (FK targets with their key), a missing column, schema, type
 * or constraint — seeds a stand-in table with a few rows (so SET NOT NULL, a validation or a
 * rewrite has rows to scan) and runs the statement again, so its locks and rewrites are still
 * observed. An object the change itself dropped or renamed away is never stood in for: that
 * failure is the migration's.
 */

/** "relation" for most statements, "table" / "view" … for DROP and ALTER of that kind. */
const RELATION_MISSING = /^(?:relation|table|view|materialized view|sequence) "((?:[^"]|"")+)" does not exist/;

/** Rows in a stand-in table: enough for scans and rewrites to have pages, cheap to copy. */
const STAND_IN_ROWS = 10;

/**
 * 'none': the base is complete, a missing object is the migration's failure. 'unknown-relations'
 * (PATH mode): relations no replayed migration created get stand-ins, and on them anything the
 * statement needs; a table the base did create keeps its columns and constraints. 'all': the
 * replay skipped statements (or an earlier changed file failed), so anything may be missing.
 */
export type StandInScope = 'none' | 'unknown-relations' | 'all';

export interface StandInState {
  /** Relation names (as dbarch writes them) that are stand-ins. */
  relations: Set<string>;
  /** Every relation name that existed at some point of the trace (the base's, and those the change created). */
  seen: Set<string>;
  /** `relation.column` the change dropped or renamed away. */
  removed: Set<string>;
}

export interface StandInResult {
  /** What was created, for notes ("table orders", "column orders.user_id" …). */
  made: string;
  /** A stand-in table that got sample rows. */
  seeded?: SeededTable;
  /** A column added to a seeded table: its rows hold NULL there. */
  emptyColumn?: { table: string; column: string };
}

/** Creates the object `error` says is missing, or returns undefined when it cannot (or must not). */
export async function provideStandIn(
  session: SqlSession,
  error: StatementError,
  references: StatementReferences | undefined,
  state: StandInState,
  scope: StandInScope,
): Promise<StandInResult | undefined> {
  if (scope === 'none') return undefined;
  // Columns and constraints of a table the base created are known unless the replay was incomplete.
  const onTable = (relation: ReferencedRelation) => scope === 'all' || state.relations.has(relation.name);
  try {
    switch (error.code) {
      case '42P01':
        return await standInRelation(session, error.message, references, state);
      case '3F000':
        return await standInSchema(session, error.message);
      case '42703':
        return await standInColumn(session, error.message, references, state, onTable);
      case '42704':
        return await standInTypeOrConstraint(session, error.message, references, onTable);
      default:
        return undefined;
    }
  } catch {
    return undefined;
  }
}

async function standInRelation(
  session: SqlSession,
  message: string,
  references: StatementReferences | undefined,
  state: StandInState,
): Promise<StandInResult | undefined> {
  const written = RELATION_MISSING.exec(message)?.[1];
  if (!written || !references) return undefined;
  const relation = references.relations.find((candidate) => candidate.name === written || qualified(candidate) === written);
  if (!relation || state.seen.has(relation.name)) return undefined;
  if (relation.schema) await session.exec(`CREATE SCHEMA IF NOT EXISTS ${quote(relation.schema)}`);
  const columns = await standInColumns(session, relation);
  const key = relation.primaryKey ? `, PRIMARY KEY (${relation.primaryKey.map(quote).join(', ')})` : '';
  await session.exec(`CREATE TABLE ${qualified(relation, true)} (${columns.join(', ')}${key})`);
  state.relations.add(relation.name);
  state.seen.add(relation.name);
  const [seeded] = await seedTables(session, [qualified(relation, true)], STAND_IN_ROWS);
  return { made: `table ${relation.name}`, ...(seeded ? { seeded } : {}) };
}

/** The stand-in's column definitions: the columns the statement uses (not those it adds), typed where known, else text. */
async function standInColumns(session: SqlSession, relation: ReferencedRelation): Promise<string[]> {
  const types = { ...relation.columnTypes };
  if (relation.keyTypesFrom && relation.primaryKey) {
    const rows = await session.query<{ name: string; type: string }>(
      `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type FROM pg_attribute a
       WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped`,
      [relation.keyTypesFrom.relation],
    );
    relation.keyTypesFrom.columns.forEach((column, index) => {
      const type = rows.find((row) => row.name === column)?.type;
      const key = relation.primaryKey![index];
      if (type && key) types[key] = type;
    });
  }
  return relation.columns
    .filter((column) => !relation.adds.includes(column))
    .map((column) => `${quote(column)} ${types[column] ?? 'text'}`);
}

async function standInSchema(session: SqlSession, message: string): Promise<StandInResult | undefined> {
  const schema = /schema "((?:[^"]|"")+)" does not exist/.exec(message)?.[1];
  if (!schema) return undefined;
  await session.exec(`CREATE SCHEMA ${quote(schema)}`);
  return { made: `schema ${schema}` };
}

async function standInColumn(
  session: SqlSession,
  message: string,
  references: StatementReferences | undefined,
  state: StandInState,
  onTable: (relation: ReferencedRelation) => boolean,
): Promise<StandInResult | undefined> {
  const match =
    /column "((?:[^"]|"")+)" of relation "((?:[^"]|"")+)" does not exist/.exec(message) ??
    /column (?:"((?:[^"]|"")+)"|(\S+)) does not exist/.exec(message);
  if (!match || !references) return undefined;
  let column: string;
  let relation: ReferencedRelation | undefined;
  if (message.includes('of relation')) {
    column = match[1]!;
    relation = references.relations.find((candidate) => candidate.relname === match[2] || candidate.name === match[2]);
  } else {
    // `column "c" does not exist` or `column t.c does not exist`: the relation whose columns the statement uses.
    const written = match[1] ?? match[2]!;
    column = written.includes('.') && !match[1] ? written.slice(written.lastIndexOf('.') + 1) : written;
    relation = references.relations.find((candidate) => candidate.columns.includes(column));
  }
  if (!relation || !onTable(relation) || state.removed.has(`${relation.name}.${column}`)) return undefined;
  const table = qualified(relation, true);
  const exists = await session.query<{ oid: string | null }>('SELECT to_regclass($1)::text AS oid', [table]);
  if (!exists[0]?.oid) return undefined;
  await session.exec(`ALTER TABLE ${table} ADD COLUMN ${quote(column)} ${relation.columnTypes[column] ?? 'text'}`);
  return { made: `column ${relation.name}.${column}`, emptyColumn: { table: relation.name, column } };
}

async function standInTypeOrConstraint(
  session: SqlSession,
  message: string,
  references: StatementReferences | undefined,
  onTable: (relation: ReferencedRelation) => boolean,
): Promise<StandInResult | undefined> {
  const type = /^type "((?:[^"]|"")+)" does not exist/.exec(message)?.[1];
  if (type) {
    // An enum: what a migration most often names and alters (ADD VALUE, RENAME VALUE need one).
    await session.exec(`CREATE TYPE ${type.split('.').map(quote).join('.')} AS ENUM ('dbarch_stand_in')`);
    return { made: `type ${type}` };
  }
  const constraint = /constraint "((?:[^"]|"")+)" of relation "((?:[^"]|"")+)" does not exist/.exec(message);
  if (!constraint || !references) return undefined;
  const [, name, relname] = constraint;
  const relation = references.relations.find((candidate) => candidate.relname === relname);
  if (!relation || !onTable(relation)) return undefined;
  // NOT VALID, so VALIDATE CONSTRAINT has a constraint to validate; a CHECK that every row passes.
  await session.exec(`ALTER TABLE ${qualified(relation, true)} ADD CONSTRAINT ${quote(name!)} CHECK (true) NOT VALID`);
  return { made: `constraint ${name} of ${relation.name}` };
}

/** Whether the missing object is one the change itself dropped or renamed away: then the failure is the migration's. */
export function removedByChange(error: StatementError, references: StatementReferences | undefined, state: StandInState): boolean {
  const relation = RELATION_MISSING.exec(error.message)?.[1];
  if (relation !== undefined) {
    const named = references?.relations.find((candidate) => candidate.name === relation || qualified(candidate) === relation);
    return state.seen.has(named?.name ?? relation);
  }
  const column = /^column "((?:[^"]|"")+)" of relation "((?:[^"]|"")+)" does not exist/.exec(error.message);
  if (column) return [...state.removed].some((removed) => removed.endsWith(`.${column[1]}`) && removed.includes(column[2]!));
  return false;
}

function qualified(relation: ReferencedRelation, quoted = false): string {
  const parts = relation.schema ? [relation.schema, relation.relname] : [relation.relname];
  return (quoted ? parts.map(quote) : parts).join('.');
}

function quote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
