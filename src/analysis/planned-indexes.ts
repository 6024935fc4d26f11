import { parseSql } from '../parse/sql/parse-sql.js';
import { splitStatements } from '../parse/sql/split-statements.js';
import { asArray, nodeOf, relationName, stringList } from '../parse/sql/ast.js';
import { indexColumns, isKeyConstraint } from './key-columns.js';

/**
 * The indexes every migration of a change creates, by table, read before the review starts. A
 * foreign key added in one migration is often indexed by the next (CONCURRENTLY needs a migration
 * of its own); rules ask SchemaFacts.plannedIndexes so that pattern is not reported. Only the
 * statements that can create an index are parsed.
 */

const MAY_CREATE_INDEX = /^\s*(?:CREATE\s+(?:UNIQUE\s+)?INDEX|ALTER\s+TABLE)\b/i;
/** An index needs the keyword INDEX, a key constraint PRIMARY or UNIQUE: a file without them is not split (data loads, functions). */
const INDEX_KEYWORD = /\b(?:INDEX|PRIMARY|UNIQUE)\b/i;
const KEY_KEYWORD = /\b(?:PRIMARY|UNIQUE)\b/i;

export function plannedIndexes(contents: readonly string[]): Map<string, string[][]> {
  const planned = new Map<string, string[][]>();
  const add = (table: string | undefined, columns: string[]): void => {
    if (!table || columns.length === 0) return;
    planned.set(table, [...(planned.get(table) ?? []), columns]);
  };
  for (const content of contents) {
    if (!INDEX_KEYWORD.test(content)) continue;
    const candidates = splitStatements(content)
      .statements.map((chunk) => content.slice(chunk.start, chunk.end))
      .filter((text) => MAY_CREATE_INDEX.test(text) && (!/^\s*ALTER/i.test(text) || KEY_KEYWORD.test(text)));
    if (candidates.length === 0) continue;
    for (const statement of parseSql(candidates.join(';\n')).statements) {
      const ast = statement.ast;
      if (!ast) continue;
      if (statement.kind === 'IndexStmt') add(relationName(ast.relation), indexColumns(ast));
      if (statement.kind !== 'AlterTableStmt') continue;
      for (const item of asArray(ast.cmds)) {
        const constraint = nodeOf(nodeOf(item, 'AlterTableCmd')?.def, 'Constraint');
        if (isKeyConstraint(constraint)) add(relationName(ast.relation), stringList(constraint.keys));
      }
    }
  }
  return planned;
}
