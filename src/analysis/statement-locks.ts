import type { LockMode, RelationLock } from '../review-types/index.js';
import type { SqlStatement } from '../parse/sql/parse-sql.js';
import { asArray, dottedName, nodeOf, relationName, type AstObject } from '../parse/sql/ast.js';
import { LOCK_ORDER, lockBlocks, strongerLock } from './lock-modes.js';
import { optionIsOn } from './utility-options.js';

/**
 * dbarch's static lock model: which table-level locks a statement takes, from PostgreSQL's
 * documentation of each command. The dry run replaces it with observed locks where it runs.
 */
export function statementLocks(statement: SqlStatement): RelationLock[] {
  let locks = computed.get(statement);
  if (!locks) {
    locks = computeLocks(statement);
    computed.set(statement, locks);
  }
  return locks.map((lock) => ({ ...lock }));
}

/** Locks per statement, computed once: rules that look back over a transaction ask again for earlier statements. */
const computed = new WeakMap<SqlStatement, RelationLock[]>();

function computeLocks(statement: SqlStatement): RelationLock[] {
  const ast = statement.ast;
  const locks = new Map<string, LockMode>();
  const add = (relation: string | undefined, mode: LockMode): void => {
    if (!relation) return;
    const held = locks.get(relation);
    locks.set(relation, held ? strongerLock(held, mode) : mode);
  };
  if (statement.bulk) add(statement.bulk.relation?.toLowerCase().replace(/^public\./, ''), 'ROW EXCLUSIVE');
  if (ast) locksOf(statement.kind, ast, add);
  return [...locks].map(([relation, mode]) => ({ relation, mode, blocks: lockBlocks(mode) }));
}

type AddLock = (relation: string | undefined, mode: LockMode) => void;

function locksOf(kind: string, ast: AstObject, add: AddLock): void {
  switch (kind) {
    case 'AlterTableStmt':
      return alterTableLocks(ast, add);
    case 'IndexStmt':
      return add(relationName(ast.relation), ast.concurrent ? 'SHARE UPDATE EXCLUSIVE' : 'SHARE');
    case 'CreateStmt':
      return createTableLocks(ast, add);
    case 'DropStmt':
      return dropLocks(ast, add);
    case 'TruncateStmt':
      return asArray(ast.relations).forEach((relation) => add(relationName(relation), 'ACCESS EXCLUSIVE'));
    case 'RenameStmt':
      return add(relationName(ast.relation), ast.renameType === 'OBJECT_INDEX' ? 'SHARE UPDATE EXCLUSIVE' : 'ACCESS EXCLUSIVE');
    case 'CreateTrigStmt':
      return add(relationName(ast.relation), 'SHARE ROW EXCLUSIVE');
    case 'LockStmt':
      return asArray(ast.relations).forEach((relation) =>
        add(relationName(relation), LOCK_ORDER[Number(ast.mode ?? 8) - 1] ?? 'ACCESS EXCLUSIVE'),
      );
    case 'UpdateStmt':
    case 'DeleteStmt':
    case 'InsertStmt':
      return add(relationName(ast.relation), 'ROW EXCLUSIVE');
    case 'VacuumStmt':
      return vacuumLocks(ast, add);
    case 'ClusterStmt':
      return add(relationName(ast.relation), 'ACCESS EXCLUSIVE');
    case 'ReindexStmt':
      return add(relationName(ast.relation), reindexIsConcurrent(ast) ? 'SHARE UPDATE EXCLUSIVE' : 'ACCESS EXCLUSIVE');
    case 'CreatePolicyStmt':
    case 'AlterPolicyStmt':
      return add(relationName(ast.table), 'ACCESS EXCLUSIVE');
    case 'RefreshMatViewStmt':
      return add(relationName(ast.relation), ast.concurrent ? 'EXCLUSIVE' : 'ACCESS EXCLUSIVE');
    case 'ViewStmt':
      return add(relationName(ast.view), 'ACCESS EXCLUSIVE');
    default:
      return;
  }
}

/** Per ALTER TABLE sub-command; the statement holds the strongest of them. */
const ALTER_COMMAND_LOCKS: Record<string, LockMode> = {
  AT_SetStatistics: 'SHARE UPDATE EXCLUSIVE',
  AT_SetOptions: 'SHARE UPDATE EXCLUSIVE',
  AT_ResetOptions: 'SHARE UPDATE EXCLUSIVE',
  AT_SetRelOptions: 'SHARE UPDATE EXCLUSIVE',
  AT_ResetRelOptions: 'SHARE UPDATE EXCLUSIVE',
  AT_ValidateConstraint: 'SHARE UPDATE EXCLUSIVE',
  AT_ClusterOn: 'SHARE UPDATE EXCLUSIVE',
  AT_DropCluster: 'SHARE UPDATE EXCLUSIVE',
  AT_AttachPartition: 'SHARE UPDATE EXCLUSIVE',
  AT_EnableTrig: 'SHARE ROW EXCLUSIVE',
  AT_DisableTrig: 'SHARE ROW EXCLUSIVE',
  AT_EnableTrigAll: 'SHARE ROW EXCLUSIVE',
  AT_DisableTrigAll: 'SHARE ROW EXCLUSIVE',
  AT_EnableTrigUser: 'SHARE ROW EXCLUSIVE',
  AT_DisableTrigUser: 'SHARE ROW EXCLUSIVE',
};

function alterTableLocks(ast: AstObject, add: AddLock): void {
  const table = relationName(ast.relation);
  for (const item of asArray(ast.cmds)) {
    const command = nodeOf(item, 'AlterTableCmd');
    if (!command) continue;
    const subtype = String(command.subtype);
    if (subtype === 'AT_AddConstraint') {
      addConstraintLocks(table, nodeOf(command.def, 'Constraint'), add);
    } else if (subtype === 'AT_DetachPartition') {
      const concurrent = !!nodeOf(command.def, 'PartitionCmd')?.concurrent;
      add(table, concurrent ? 'SHARE UPDATE EXCLUSIVE' : 'ACCESS EXCLUSIVE');
      add(relationName(nodeOf(command.def, 'PartitionCmd')?.name), 'ACCESS EXCLUSIVE');
    } else if (subtype === 'AT_AttachPartition') {
      add(table, 'SHARE UPDATE EXCLUSIVE');
      add(relationName(nodeOf(command.def, 'PartitionCmd')?.name), 'ACCESS EXCLUSIVE');
    } else {
      add(table, ALTER_COMMAND_LOCKS[subtype] ?? 'ACCESS EXCLUSIVE');
    }
  }
}

function addConstraintLocks(table: string | undefined, constraint: AstObject | undefined, add: AddLock): void {
  if (constraint?.contype === 'CONSTR_FOREIGN') {
    add(table, 'SHARE ROW EXCLUSIVE');
    add(relationName(constraint.pktable), 'SHARE ROW EXCLUSIVE');
    return;
  }
  add(table, 'ACCESS EXCLUSIVE');
}

function createTableLocks(ast: AstObject, add: AddLock): void {
  for (const parent of asArray(ast.inhRelations)) add(relationName(parent), ast.partbound ? 'ACCESS EXCLUSIVE' : 'SHARE UPDATE EXCLUSIVE');
  for (const element of asArray(ast.tableElts)) {
    const column = nodeOf(element, 'ColumnDef');
    const constraints = column ? asArray(column.constraints) : [element];
    for (const item of constraints) {
      const constraint = nodeOf(item, 'Constraint');
      if (constraint?.contype === 'CONSTR_FOREIGN') add(relationName(constraint.pktable), 'SHARE ROW EXCLUSIVE');
    }
  }
}

function dropLocks(ast: AstObject, add: AddLock): void {
  const type = ast.removeType;
  const relational = ['OBJECT_TABLE', 'OBJECT_INDEX', 'OBJECT_VIEW', 'OBJECT_MATVIEW', 'OBJECT_SEQUENCE'];
  if (!relational.includes(String(type))) return;
  const mode: LockMode = type === 'OBJECT_INDEX' && ast.concurrent ? 'SHARE UPDATE EXCLUSIVE' : 'ACCESS EXCLUSIVE';
  for (const object of asArray(ast.objects)) add(dottedName(nodeOf(object, 'List')?.items ?? object), mode);
}

function vacuumLocks(ast: AstObject, add: AddLock): void {
  const full = vacuumIsFull(ast);
  for (const item of asArray(ast.rels)) {
    const relation = nodeOf(item, 'VacuumRelation');
    add(relationName(relation?.relation), full ? 'ACCESS EXCLUSIVE' : 'SHARE UPDATE EXCLUSIVE');
  }
}

/** REINDEX (CONCURRENTLY) — not `(CONCURRENTLY false)`, which is a plain, blocking REINDEX. */
export function reindexIsConcurrent(ast: AstObject): boolean {
  return optionIsOn(ast.params, 'concurrently');
}

/** VACUUM (FULL) or VACUUM FULL — not `(FULL false)`, which is a plain, non-blocking VACUUM. */
export function vacuumIsFull(ast: AstObject): boolean {
  return optionIsOn(ast.options, 'full');
}
