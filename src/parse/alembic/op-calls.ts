import type { Node } from 'web-tree-sitter';
import { nestedScope, simpleAssignment, type ModuleScope } from '../python/module-scope.js';
import { calleeName, evaluate, spanOf, type PyValue, type Span } from '../python/python-values.js';

/**
 * The `op.*` calls of a migration function, in the order they run, with what surrounds them:
 * `autocommit_block` (runs outside the revision's transaction), `batch_alter_table` (the table the
 * batch operations apply to), loops over literal lists (unrolled). Calls that might change the
 * schema but cannot be followed statically (helper functions with arguments, calls on unknown
 * objects) are returned as `opaque` so the review can say so instead of guessing.
 */

export type CallValue = Extract<PyValue, { type: 'call' }>;

export interface BatchContext {
  table: PyValue;
  schema?: PyValue;
  recreate?: PyValue;
}

export interface OpCall {
  /** Operation name: "add_column", "create_index", "execute" … */
  name: string;
  call: CallValue;
  span: Span;
  autocommit: boolean;
  batch?: BatchContext;
  /** The object a method is called on, for `Enum(...).create(bind)` ("enum.create"). */
  receiver?: PyValue;
}

export interface OpaqueCall {
  span: Span;
  /** What could not be followed, as a phrase: "helper function backfill(…)". */
  what: string;
}

export interface CollectedCalls {
  ops: OpCall[];
  opaque: OpaqueCall[];
}

interface Walk {
  module: ModuleScope;
  result: CollectedCalls;
  /** Names bound to `op.get_bind()` (connections whose execute() runs SQL) and to batch operations. */
  binds: Set<string>;
  batches: Map<string, BatchContext>;
  /** Helper functions being inlined, to stop recursion. */
  inlining: Set<string>;
}

interface Context {
  scope: Map<string, PyValue>;
  autocommit: boolean;
}

/** Calls that never touch the database: logging, printing, building Python collections. */
const HARMLESS =
  /^(?:print|(?:logger|log|logging|LOG|LOGGER)\.\w+|warnings\.warn|op\.get_bind|op\.get_context|context\.\w+|op\.f|sa\.\w+|sqlalchemy\.\w+)$|\.(?:append|extend|pop|setdefault)$/;

/** A dialect name compared in an `if`: branches for other databases never run on PostgreSQL. */
const DIALECT_TEST = /(==|!=)\s*["'](postgresql|postgres|mysql|mariadb|sqlite|mssql|oracle)["']/;

export function collectOpCalls(body: Node, module: ModuleScope): CollectedCalls {
  const walk: Walk = { module, result: { ops: [], opaque: [] }, binds: new Set(), batches: new Map(), inlining: new Set() };
  walkBlock(body, walk, { scope: new Map(module.values), autocommit: false });
  return walk.result;
}

function walkBlock(block: Node, walk: Walk, context: Context): void {
  for (const statement of block.namedChildren) if (statement) walkStatement(statement, walk, context);
}

function walkStatement(statement: Node, walk: Walk, context: Context): void {
  switch (statement.type) {
    case 'expression_statement':
      return expressionStatement(statement, walk, context);
    case 'with_statement':
      return withStatement(statement, walk, context);
    case 'for_statement':
      return forStatement(statement, walk, context);
    case 'if_statement':
      return ifStatement(statement, walk, context);
    case 'try_statement':
    case 'elif_clause':
    case 'else_clause':
    case 'except_clause':
    case 'finally_clause':
      // Both branches are reviewed: which one runs is not known before the migration runs.
      for (const child of statement.namedChildren)
        if (child?.type === 'block' || child?.type.endsWith('_clause')) walkStatement(child, walk, context);
      return;
    case 'block':
      return walkBlock(statement, walk, context);
    default:
      return;
  }
}

function expressionStatement(statement: Node, walk: Walk, context: Context): void {
  const assignment = simpleAssignment(statement);
  const expression = assignment ? assignment.value : statement.namedChildren[0];
  const call = expression?.type === 'await' ? expression.namedChildren[0] : expression;
  const callee = call?.type === 'call' ? calleeName(call.childForFieldName('function')) : undefined;
  if (assignment) context.scope.set(assignment.name, evaluate(assignment.value, context.scope));
  if (assignment && callee === 'op.get_bind') walk.binds.add(assignment.name);
  // Building a value (`t = sa.table(...)`, `rows = inspect(bind)`) runs no DDL; op calls and helpers assigned from may.
  if (assignment && !isDatabaseCall(callee, walk)) return;
  if (call?.type === 'call') visitCall(call, walk, context);
}

function isDatabaseCall(callee: string | undefined, walk: Walk): boolean {
  if (!callee) return false;
  const receiver = callee.split('.')[0]!;
  return receiver === 'op' || walk.binds.has(receiver) || walk.batches.has(receiver) || walk.module.functions.has(callee);
}

/** Both branches are reviewed (which runs is known only at run time), except branches for other databases. */
function ifStatement(statement: Node, walk: Walk, context: Context): void {
  const test = DIALECT_TEST.exec(statement.childForFieldName('condition')?.text ?? '');
  const postgres = test ? /^postgres/.test(test[2]!) === (test[1] === '==') : undefined;
  const consequence = statement.childForFieldName('consequence');
  if (consequence && postgres !== false) walkBlock(consequence, walk, context);
  if (postgres === true) return;
  for (const child of statement.namedChildren)
    if (child?.type === 'elif_clause' || child?.type === 'else_clause') walkStatement(child, walk, context);
}

function visitCall(node: Node, walk: Walk, context: Context): void {
  const callee = calleeName(node.childForFieldName('function'));
  if (!callee) return recordOpaque(walk, node, 'a call on a computed object');
  const [receiver, ...rest] = callee.split('.');
  const method = rest.join('.');
  const value = evaluate(node, context.scope) as CallValue;
  const enumCommand = enumMethod(node, method, context);
  if (enumCommand) return recordOp(walk, `enum.${method.split('.').pop()}`, value, context, undefined, enumCommand);
  if (receiver === 'op' && !method.includes('.') && !HARMLESS.test(callee)) return recordOp(walk, method, value, context);
  const batch = walk.batches.get(receiver!);
  if (batch && !method.includes('.')) return recordOp(walk, method, value, context, batch);
  const isBind = walk.binds.has(receiver!) || callee.startsWith('op.get_bind().');
  if (isBind && method === 'execute') return recordOp(walk, 'execute', value, context);
  if (isBind || HARMLESS.test(callee)) return;
  if (!callee.includes('.') && walk.module.functions.has(callee)) return inlineHelper(node, callee, walk, context);
  recordOpaque(walk, node, `the call ${callee}(…)`);
}

function recordOp(walk: Walk, name: string, call: CallValue, context: Context, batch?: BatchContext, receiver?: PyValue): void {
  walk.result.ops.push({
    name,
    call,
    span: call.span,
    autocommit: context.autocommit,
    ...(batch ? { batch } : {}),
    ...(receiver ? { receiver } : {}),
  });
}

/** The enum in `sa.Enum(...).create(bind)` or `mood.drop(bind)` (mood bound to an enum). */
function enumMethod(node: Node, method: string, context: Context): PyValue | undefined {
  if (!/(?:^|\.)(?:create|drop)$/.test(method)) return undefined;
  const receiver = evaluate(node.childForFieldName('function')?.childForFieldName('object'), context.scope);
  return receiver.type === 'call' && /(?:^|\.)(?:Enum|ENUM)$/.test(receiver.callee ?? '') ? receiver : undefined;
}

function recordOpaque(walk: Walk, node: Node, what: string): void {
  walk.result.opaque.push({ span: spanOf(node), what });
}

/** A module function called without arguments runs its body as if written in place. */
function inlineHelper(node: Node, name: string, walk: Walk, context: Context): void {
  const definition = walk.module.functions.get(name)!;
  const parameters = definition.childForFieldName('parameters')?.namedChildren.length ?? 0;
  const argumentCount = node.childForFieldName('arguments')?.namedChildren.length ?? 0;
  const body = definition.childForFieldName('body');
  if (parameters > 0 || argumentCount > 0 || !body || walk.inlining.has(name)) {
    return recordOpaque(walk, node, `the helper function ${name}(…)`);
  }
  walk.inlining.add(name);
  walkBlock(body, walk, { scope: nestedScope(walk.module.values, new Map()), autocommit: context.autocommit });
  walk.inlining.delete(name);
}

function withStatement(statement: Node, walk: Walk, context: Context): void {
  let inner = context;
  const items = statement.namedChildren.find((child) => child?.type === 'with_clause')?.namedChildren ?? [];
  for (const item of items) {
    const value = item?.childForFieldName('value');
    const call = value?.type === 'as_pattern' ? value.namedChildren[0] : value;
    const alias = value?.type === 'as_pattern' ? value.childForFieldName('alias')?.text : undefined;
    const callee = calleeName(call?.childForFieldName('function') ?? null) ?? '';
    if (/(?:^|\.)autocommit_block$/.test(callee)) inner = { ...inner, autocommit: true };
    else if (callee === 'op.batch_alter_table' && alias && call)
      walk.batches.set(alias, batchContext(evaluate(call, context.scope) as CallValue));
    else if (call?.type === 'call' && !/\.begin(?:_nested)?$/.test(callee)) visitCall(call, walk, context);
  }
  const body = statement.childForFieldName('body');
  if (body) walkBlock(body, walk, inner);
}

function batchContext(call: CallValue): BatchContext {
  const table = call.kwargs.get('table_name') ?? call.args[0] ?? { type: 'unknown', why: 'no table name', span: call.span };
  const schema = call.kwargs.get('schema');
  const recreate = call.kwargs.get('recreate');
  return { table, ...(schema ? { schema } : {}), ...(recreate ? { recreate } : {}) };
}

/** `for name in ["a", "b"]:` is unrolled; other loops run their body once with the loop name unknown. */
function forStatement(statement: Node, walk: Walk, context: Context): void {
  const target = statement.childForFieldName('left');
  const iterable = evaluate(statement.childForFieldName('right'), context.scope);
  const body = statement.childForFieldName('body');
  if (!body) return;
  if (target?.type !== 'identifier' || iterable.type !== 'seq') {
    if (target?.type === 'identifier') context.scope.delete(target.text);
    return walkBlock(body, walk, context);
  }
  for (const item of iterable.items) {
    context.scope.set(target.text, item);
    walkBlock(body, walk, context);
  }
}
