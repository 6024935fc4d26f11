import type { Node } from 'web-tree-sitter';
import { evaluate, type PyValue, type Scope } from './python-values.js';

/**
 * What a Python module defines at its top level: simple assignments (`revision = "ab12"`,
 * `TABLE = "users"`) and functions by name. Migrations reference module constants for table and
 * revision names; a name assigned more than once is left out, since which value applies depends on
 * control flow.
 */

export interface ModuleScope {
  values: Map<string, PyValue>;
  functions: Map<string, Node>;
  /** Where each constant is assigned (the whole assignment), for findings about it. */
  assignments: Map<string, Node>;
}

export function readModuleScope(root: Node): ModuleScope {
  const scope: ModuleScope = { values: new Map(), functions: new Map(), assignments: new Map() };
  const reassigned = new Set<string>();
  for (const statement of root.namedChildren) {
    if (!statement) continue;
    const definition = statement.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement;
    if (definition?.type === 'function_definition') {
      const name = definition.childForFieldName('name')?.text;
      if (name) scope.functions.set(name, definition);
      continue;
    }
    const assignment = simpleAssignment(statement);
    if (!assignment) continue;
    if (scope.values.has(assignment.name)) reassigned.add(assignment.name);
    scope.values.set(assignment.name, evaluate(assignment.value, scope.values));
    scope.assignments.set(assignment.name, assignment.node);
  }
  for (const name of reassigned) scope.values.delete(name);
  return scope;
}

/** `name = value` or `name: Type = value` as an expression statement; undefined for anything else. */
export function simpleAssignment(statement: Node): { name: string; value: Node | null; node: Node } | undefined {
  if (statement.type !== 'expression_statement') return undefined;
  const assignment = statement.namedChildren[0];
  if (assignment?.type !== 'assignment') return undefined;
  const left = assignment.childForFieldName('left');
  if (left?.type !== 'identifier') return undefined;
  return { name: left.text, value: assignment.childForFieldName('right'), node: assignment };
}

/** A scope that sees `inner` first, then `outer`. */
export function nestedScope(outer: Scope, inner: Map<string, PyValue>): Map<string, PyValue> {
  return new Map([...outer, ...inner]);
}
