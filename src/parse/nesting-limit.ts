/**
 * Depth limits for parse trees. The walkers over them (SQL ASTs, tree-sitter's Python trees, the
 * values read from them) recurse, so input nested thousands of levels deep would exhaust the stack;
 * it is refused first, with the reason, and the engine reports it as `not-reviewed` (fail closed).
 */

/** Thrown by a parser for input nested deeper than its limit; src/engine/files/fail-closed.ts turns it into a finding. */
export class NestingTooDeepError extends Error {
  constructor(
    readonly what: string,
    readonly line = 1,
  ) {
    super(`${what} is nested too deeply for dbarch to review`);
    this.name = 'NestingTooDeepError';
  }
}

/**
 * Levels of objects and arrays in a parse tree (JSON-shaped, as libpg-query returns it) before a
 * statement is refused: about 1,000 levels of nested expressions, far beyond hand-written SQL.
 */
export const MAX_SQL_TREE_DEPTH = 3000;

/** Whether a JSON-shaped value nests deeper than `limit`, walked without recursion. */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  const pending: Array<[unknown, number]> = [[value, 0]];
  while (pending.length > 0) {
    const [node, depth] = pending.pop()!;
    if (!node || typeof node !== 'object') continue;
    if (depth >= limit) return true;
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      if (child && typeof child === 'object') pending.push([child, depth + 1]);
    }
  }
  return false;
}
