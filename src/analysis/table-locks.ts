import type { RelationLock } from '../review-types/index.js';
import type { SqlStatement } from '../parse/sql/parse-sql.js';
import { asArray, dottedName, nodeOf, relationName } from '../parse/sql/ast.js';
import type { SchemaFacts } from './schema-facts.js';
import { strongerLock, lockBlocks } from './lock-modes.js';
import { statementLocks } from './statement-locks.js';

/**
 * The static lock model names an index where a statement names one (DROP INDEX i, REINDEX INDEX i,
 * ALTER INDEX i …), but the lock that makes other sessions wait is on the index's table. These are
 * the statement's locks with each index replaced by its table when the schema facts know it, and
 * marked (`index`) either way, so a message can say "the table of index i" when they do not.
 *
 * Resolved once per statement, with the facts as they are just before it runs (analyzeStatements'
 * order): a rule looking back at an earlier DROP INDEX gets the table the index had.
 */
export function tableLocks(statement: SqlStatement, facts: SchemaFacts): RelationLock[] {
  let locks = resolved.get(statement);
  if (!locks) {
    locks = resolveIndexes(statement, facts);
    resolved.set(statement, locks);
  }
  return locks.map((lock) => ({ ...lock }));
}

const resolved = new WeakMap<SqlStatement, RelationLock[]>();

function resolveIndexes(statement: SqlStatement, facts: SchemaFacts): RelationLock[] {
  const indexes = indexesNamed(statement);
  const byRelation = new Map<string, RelationLock>();
  for (const lock of statementLocks(statement)) {
    const through = indexes.has(lock.relation) ? lock.relation : undefined;
    const relation = through ? (facts.indexes.get(through)?.table ?? through) : lock.relation;
    const held = byRelation.get(relation);
    const mode = held ? strongerLock(held.mode, lock.mode) : lock.mode;
    byRelation.set(relation, {
      relation,
      mode,
      blocks: lockBlocks(mode),
      ...(through ? { index: through } : held?.index ? { index: held.index } : {}),
    });
  }
  return [...byRelation.values()];
}

/** Index names the statement locks by name. */
function indexesNamed(statement: SqlStatement): Set<string> {
  const ast = statement.ast;
  const names = new Set<string>();
  if (!ast) return names;
  if (statement.kind === 'DropStmt' && ast.removeType === 'OBJECT_INDEX') {
    for (const object of asArray(ast.objects)) {
      const name = dottedName(nodeOf(object, 'List')?.items ?? object);
      if (name) names.add(name);
    }
  }
  const onIndex =
    (statement.kind === 'ReindexStmt' && ast.kind === 'REINDEX_OBJECT_INDEX') ||
    (statement.kind === 'RenameStmt' && ast.renameType === 'OBJECT_INDEX') ||
    (statement.kind === 'AlterTableStmt' && ast.objtype === 'OBJECT_INDEX');
  const name = onIndex ? relationName(ast.relation) : undefined;
  if (name) names.add(name);
  return names;
}

/** `"orders"`, or `the table of index "orders_customer_idx"` when the facts do not know the index's table. */
export function lockedRelationText(lock: Pick<RelationLock, 'relation' | 'index'>): string {
  return lock.index === lock.relation ? `the table of index "${lock.relation}"` : `"${lock.relation}"`;
}
