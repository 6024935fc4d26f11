import type { SqlStatement } from '../../parse/sql/parse-sql.js';

/**
 * Which statements of an edited migration the change leaves as they were. A migration that exists
 * at the base has run where it was applied: only the statements the change adds or alters are
 * reviewed as new. Statements are compared by their parse tree without source positions, so
 * whitespace, comments, line breaks and moves within the file do not count as changes, while any
 * change to a name, a type, a constant or a clause does. Statements the parser keeps no tree for
 * (bulk data, syntax errors) are compared by their text with runs of whitespace collapsed.
 */

type Comparable = Pick<SqlStatement, 'index' | 'kind' | 'ast' | 'text'>;

/** Tree keys that hold positions in the source, not meaning. */
const POSITION_KEYS = new Set(['location', 'stmt_location', 'stmt_len']);

export function statementKey(statement: Comparable): string {
  if (statement.ast) {
    return `${statement.kind}:${JSON.stringify(statement.ast, (key, value: unknown) => (POSITION_KEYS.has(key) ? undefined : value))}`;
  }
  return `${statement.kind}~${statement.text.replace(/\s+/g, ' ').trim()}`;
}

export interface StatementComparison {
  /** Indexes (SqlStatement.index) of the head statements that the previous version has too. */
  unchanged: Set<number>;
  /** Head statements that are new or altered. */
  changed: number;
  /** Previous statements the head no longer has (deleted, or altered into one of `changed`). */
  removed: number;
}

/**
 * Compares two versions of a file statement by statement, as a multiset: a statement written twice
 * in the head and once before counts once as changed. Empty statements (a lone `;`, comments only)
 * are nothing to review and count as unchanged.
 */
export function compareStatements(head: readonly Comparable[], previous: readonly Comparable[]): StatementComparison {
  const remaining = new Map<string, number>();
  let removed = 0;
  for (const statement of previous) {
    if (statement.kind === 'Empty') continue;
    const key = statementKey(statement);
    remaining.set(key, (remaining.get(key) ?? 0) + 1);
    removed += 1;
  }
  const unchanged = new Set<number>();
  let changed = 0;
  for (const statement of head) {
    const key = statementKey(statement);
    const count = statement.kind === 'Empty' ? 1 : (remaining.get(key) ?? 0);
    if (count === 0) {
      changed += 1;
      continue;
    }
    unchanged.add(statement.index);
    if (statement.kind === 'Empty') continue;
    remaining.set(key, count - 1);
    removed -= 1;
  }
  return { unchanged, changed, removed };
}
