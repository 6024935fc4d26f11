import { defineRule } from './api/define-rule.js';
import { tableDroppedLater } from './support/created-in-file.js';
import { asArray, dottedName, nodeOf } from '../parse/sql/ast.js';
import type { SchemaFacts } from '../analysis/schema-facts.js';
import type { SqlStatement } from '../parse/sql/parse-sql.js';
import { appendKeywords, type KeywordInsertion } from './support/keyword-insertion.js';
import { concurrentlyNote } from './support/non-transactional-advice.js';
import { keywordSpan, statementTokens } from './support/statement-tokens.js';

/**
 * DROP INDEX takes ACCESS EXCLUSIVE on the index's table. Removing the files is quick, but the lock
 * must wait for every query already using the table, and all new queries queue behind the waiting
 * lock. DROP INDEX CONCURRENTLY waits for those queries without locking anyone out.
 */
export default defineRule({
  id: 'drop-index-non-concurrently',
  summary: 'DROP INDEX without CONCURRENTLY takes ACCESS EXCLUSIVE on the table',
  risk: 'downtime',
  severity: 'error',
  category: 'safety',
  help: 'Use DROP INDEX CONCURRENTLY (one index per statement, no CASCADE), outside a transaction block.',
  checkStatement({ statement, facts, file, transaction, statements, report }) {
    const ast = statement.ast;
    if (statement.kind !== 'DropStmt' || !ast || ast.removeType !== 'OBJECT_INDEX' || ast.concurrent) return;
    const names = asArray(ast.objects).map((object) => dottedName(nodeOf(object, 'List')?.items ?? object) ?? '?');
    const existing = names.filter(
      (name) => !facts.isNewIndex(name) && !tableDroppedLater(statements, statement.index, facts.indexes.get(name)?.table),
    );
    if (existing.length === 0) return;
    const cascade = ast.behavior === 'DROP_CASCADE';
    const insertion = names.length === 1 && !cascade ? concurrentlyInsertion(statement) : undefined;
    report({
      message:
        `DROP INDEX ${existing.map((name) => `"${name}"`).join(', ')} takes ACCESS EXCLUSIVE on ${tablesOf(existing, facts)}: ` +
        'the drop itself is quick, but the lock waits for every query already running on the table, and all new reads and writes queue behind it until it is granted. ' +
        `Use DROP INDEX CONCURRENTLY, which waits for those queries without blocking anyone.${restrictions(names.length, cascade)}` +
        concurrentlyNote(file, transaction, statements),
      ...(insertion ? { location: insertion.location, length: insertion.length } : {}),
      fix: insertion
        ? { description: 'Drop the index concurrently (outside a transaction block)', replacement: insertion.replacement }
        : { description: 'Drop each index with its own DROP INDEX CONCURRENTLY statement, outside a transaction block' },
    });
  },
});

/** Underlines `DROP INDEX` and replaces it by `DROP INDEX CONCURRENTLY`. */
function concurrentlyInsertion(statement: SqlStatement): KeywordInsertion | undefined {
  const tokens = statementTokens(statement);
  const keyword = keywordSpan(tokens, ['INDEX']);
  return keyword ? appendKeywords(statement, { start: tokens[0]!.start, end: keyword.end }, 'CONCURRENTLY') : undefined;
}

function tablesOf(indexes: readonly string[], facts: SchemaFacts): string {
  const tables = [...new Set(indexes.map((name) => facts.indexes.get(name)?.table).filter((table) => table !== undefined))];
  return tables.length > 0 ? `table ${tables.map((table) => `"${table}"`).join(', ')}` : 'its table';
}

/** DROP INDEX CONCURRENTLY accepts neither several indexes nor CASCADE. */
function restrictions(count: number, cascade: boolean): string {
  const notes: string[] = [];
  if (count > 1) notes.push('it drops one index per statement, so write one statement per index');
  if (cascade) notes.push('it does not accept CASCADE, so drop the dependent objects first');
  return notes.length > 0 ? ` Note that ${notes.join(', and ')}.` : '';
}
