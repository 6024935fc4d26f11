/** Locks and schema changes of one statement, from the static lock model or observed by the dry run. */

/** One statement's lock on one relation, from dbarch's static lock model or the dry run. */
export interface RelationLock {
  relation: string;
  mode: LockMode;
  /** What this mode blocks for other sessions, in words: "reads and writes", "writes", "DDL". */
  blocks: string;
  /** Taken through this index (DROP INDEX, REINDEX INDEX …): `relation` is its table, or the index's own name when its table is unknown. */
  index?: string;
}

export type LockMode =
  | 'ACCESS SHARE'
  | 'ROW SHARE'
  | 'ROW EXCLUSIVE'
  | 'SHARE UPDATE EXCLUSIVE'
  | 'SHARE'
  | 'SHARE ROW EXCLUSIVE'
  | 'EXCLUSIVE'
  | 'ACCESS EXCLUSIVE';

/** A column of an existing table that a statement added, dropped or changed, as the dry run saw it. */
export interface ColumnChange {
  table: string;
  column: string;
  change: 'added' | 'dropped' | 'type' | 'not null' | 'nullable' | 'default';
  /** The type or default before and after (type and default changes; the type of an added column). */
  from?: string;
  to?: string;
}

/** A constraint of an existing table that a statement added, validated or dropped, as the dry run saw it. */
export interface ConstraintChange {
  table: string;
  name: string;
  type: string;
  change: 'added' | 'dropped' | 'validated';
  /** For an added constraint: checked against the rows (false: NOT VALID). */
  validated?: boolean;
}
