import { stringList, walkNodes, type AstObject } from '../../parse/sql/ast.js';

/** A function call found anywhere in a statement: its name (as the parser folded it), schema when qualified, arguments and location. */
export interface FunctionCall {
  name: string;
  schema?: string;
  args: unknown[];
  /** Byte offset in the statement (for the report's underline). */
  location?: number;
}

/**
 * Every call in a statement's parse tree: select lists, WHERE clauses, defaults, CHECK
 * expressions, view queries, SQL-standard function bodies (BEGIN ATOMIC). Not inside string
 * bodies (`AS $$ … $$`, DO blocks): those are text in another language, not parsed here.
 */
export function functionCalls(node: unknown): FunctionCall[] {
  const calls: FunctionCall[] = [];
  walkNodes(node, (kind, fields: AstObject) => {
    if (kind !== 'FuncCall') return;
    const parts = stringList(fields.funcname);
    if (parts.length === 0) return;
    calls.push({
      name: parts[parts.length - 1]!,
      ...(parts.length > 1 ? { schema: parts[parts.length - 2] } : {}),
      args: Array.isArray(fields.args) ? fields.args : [],
      ...(typeof fields.location === 'number' ? { location: fields.location } : {}),
    });
  });
  return calls;
}
