import type { SchemaFacts } from '../../analysis/schema-facts.js';
import { nodeOf, relationName, walkNodes, type AstObject } from '../../parse/sql/ast.js';

/**
 * Existing tables whose rows an INSERT … SELECT copies: the tables in the FROM clause of its query
 * (through joins, subqueries in FROM, set operations and the CTEs it reads). Tables that only
 * appear in a condition (`WHERE NOT EXISTS (SELECT 1 FROM …)`, the seed-row idiom) are not
 * copied from. INSERT … VALUES reads none.
 */
export function readsExistingTables(ast: AstObject, facts: SchemaFacts): string[] {
  const ctes = new Map<string, unknown>();
  walkNodes(ast.withClause, (kind, fields) => {
    if (kind === 'CommonTableExpr' && typeof fields.ctename === 'string') ctes.set(fields.ctename, fields.ctequery);
  });
  const read = new Set<string>();
  const visit = (query: unknown, depth: number): void => {
    for (const source of querySources(query)) {
      const cte = ctes.get(source.name);
      if (cte !== undefined && depth < 8) visit(cte, depth + 1);
      else if (cte === undefined) read.add(source.name);
    }
  };
  visit(ast.selectStmt, 0);
  return [...read].filter((name) => !facts.isNewTable(name));
}

/** Relations named in the FROM clauses of a SELECT and of its set-operation arms. */
function querySources(query: unknown): { name: string }[] {
  const select = nodeOf(query, 'SelectStmt');
  if (!select) return [];
  const sources: { name: string }[] = [
    ...querySources(select.larg ? { SelectStmt: select.larg } : undefined),
    ...querySources(select.rarg ? { SelectStmt: select.rarg } : undefined),
  ];
  walkNodes(select.fromClause, (kind, fields) => {
    const name = kind === 'RangeVar' ? relationName(fields) : undefined;
    if (name) sources.push({ name });
  });
  return sources;
}
