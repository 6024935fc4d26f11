import { defineRule } from './api/define-rule.js';
import { relationName, type AstObject } from '../parse/sql/ast.js';
import { findInStatement } from './support/statement-text.js';

/**
 * `ON COMMIT DROP | DELETE ROWS | PRESERVE ROWS` belongs to temporary tables; on a regular table
 * PostgreSQL rejects the CREATE TABLE ("ON COMMIT can only be used on temporary tables").
 */
export default defineRule({
  id: 'on-commit-without-temporary',
  summary: 'CREATE TABLE … ON COMMIT on a table that is not temporary: PostgreSQL rejects it',
  risk: 'safe',
  severity: 'error',
  category: 'correctness',
  help: 'Make it CREATE TEMPORARY TABLE (a scratch table for this session), or drop the ON COMMIT clause.',
  checkStatement({ statement, report }) {
    const ast = statement.ast;
    if (statement.kind !== 'CreateStmt' || !ast || !ast.oncommit || ast.oncommit === 'ONCOMMIT_NOOP') return;
    if ((ast.relation as AstObject | undefined)?.relpersistence === 't') return;
    const clause = findInStatement(statement, /\bON\s+COMMIT\s+(?:DROP|DELETE\s+ROWS|PRESERVE\s+ROWS)\b/i);
    report({
      message:
        `CREATE TABLE "${relationName(ast.relation) ?? '?'}" … ON COMMIT is only allowed on temporary tables: PostgreSQL rejects this statement ` +
        '("ON COMMIT can only be used on temporary tables"), so the migration fails here. ' +
        'Write CREATE TEMPORARY TABLE for a scratch table, or leave out ON COMMIT for a regular one.',
      location: clause?.location,
      length: clause?.length,
    });
  },
});
