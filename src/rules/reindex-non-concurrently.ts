import { defineRule } from './api/define-rule.js';
import { asArray, nodeOf, relationName, type AstObject } from '../parse/sql/ast.js';
import { reindexIsConcurrent } from '../analysis/statement-locks.js';
import type { SqlStatement } from '../parse/sql/parse-sql.js';
import { appendKeywords, type KeywordInsertion } from './support/keyword-insertion.js';
import { concurrentlyNote } from './support/non-transactional-advice.js';
import { keywordSpan, statementTokens } from './support/statement-tokens.js';

/**
 * REINDEX rebuilds indexes from scratch while holding SHARE on the table (writes wait) and
 * ACCESS EXCLUSIVE on the index being rebuilt. Planning any query on the table locks all its
 * indexes, so most reads wait too. REINDEX … CONCURRENTLY (PostgreSQL 12+) builds a replacement
 * index next to the old one and swaps them with only brief locks.
 */

const OBJECT_WORDS: Record<string, string> = {
  REINDEX_OBJECT_INDEX: 'INDEX',
  REINDEX_OBJECT_TABLE: 'TABLE',
  REINDEX_OBJECT_SCHEMA: 'SCHEMA',
  REINDEX_OBJECT_DATABASE: 'DATABASE',
  REINDEX_OBJECT_SYSTEM: 'SYSTEM',
};

export default defineRule({
  id: 'reindex-non-concurrently',
  summary: 'REINDEX without CONCURRENTLY blocks writes and most reads while it rebuilds',
  risk: 'downtime',
  severity: 'error',
  category: 'safety',
  help: 'Use REINDEX … CONCURRENTLY (PostgreSQL 12+), outside a transaction block.',
  checkStatement({ statement, facts, pgVersion, file, transaction, statements, report }) {
    const ast = statement.ast;
    if (statement.kind !== 'ReindexStmt' || !ast || reindexIsConcurrent(ast)) return;
    const word = OBJECT_WORDS[String(ast.kind)] ?? 'INDEX';
    const target = relationName(ast.relation) ?? (typeof ast.name === 'string' ? ast.name : undefined);
    if (ast.relation && facts.isNewTable(target)) return;
    const online = pgVersion >= 12 && word !== 'SYSTEM';
    // `(CONCURRENTLY false)` is said outright: the fix is to change that value, not to add a second keyword.
    const insertion = online && !namesConcurrently(ast) ? concurrentlyInsertion(statement, word) : undefined;
    report({
      message: `${whatItBlocks(word, target)} ${alternative(word, pgVersion)}${online ? concurrentlyNote(file, transaction, statements) : ''}`,
      ...(insertion ? { location: insertion.location, length: insertion.length } : {}),
      fix: insertion
        ? { description: 'Rebuild concurrently (outside a transaction block)', replacement: insertion.replacement }
        : undefined,
    });
  },
});

function whatItBlocks(word: string, target: string | undefined): string {
  const named = target ? ` "${target}"` : '';
  if (word === 'INDEX') {
    return (
      `REINDEX INDEX${named} holds ACCESS EXCLUSIVE on the index and SHARE on its table while it rebuilds the index from scratch: ` +
      'writes to the table wait, and so do most reads, because planning a query on the table locks every index of it. The rebuild takes as long as building the index anew.'
    );
  }
  const scope = word === 'TABLE' ? `every index of${named}` : `every index in ${word.toLowerCase()}${named}`;
  return (
    `REINDEX ${word}${named} rebuilds ${scope}, holding SHARE on each table and ACCESS EXCLUSIVE on each index while it works: ` +
    'writes wait for the whole rebuild of a table, and so do most reads, because planning a query locks every index of the table.'
  );
}

function alternative(word: string, pgVersion: number): string {
  if (word === 'SYSTEM') return 'System catalogues cannot be reindexed concurrently: run this in a maintenance window, not in a migration.';
  if (pgVersion >= 12)
    return `Use REINDEX ${word} CONCURRENTLY, which builds new indexes beside the old ones and swaps them with brief locks.`;
  return (
    `PostgreSQL ${pgVersion} has no REINDEX CONCURRENTLY (it arrived in 12), so there is no online REINDEX: for a plain index, build a replacement with CREATE INDEX CONCURRENTLY, ` +
    'drop the old one with DROP INDEX CONCURRENTLY and rename the new one; indexes behind constraints need a maintenance window.'
  );
}

function namesConcurrently(ast: AstObject): boolean {
  return asArray(ast.params).some((option) => nodeOf(option, 'DefElem')?.defname === 'concurrently');
}

/** Underlines `REINDEX … <object word>` and appends CONCURRENTLY after the object word. */
function concurrentlyInsertion(statement: SqlStatement, word: string): KeywordInsertion | undefined {
  const tokens = statementTokens(statement);
  const keyword = keywordSpan(tokens, [word]);
  return keyword ? appendKeywords(statement, { start: tokens[0]!.start, end: keyword.end }, 'CONCURRENTLY') : undefined;
}
