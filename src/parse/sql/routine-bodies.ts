import { parsePlPgSQLSync, parseSync } from 'libpg-query';
import type { Node } from '@pgsql/types';
import { asArray, nodeOf, unwrapNode, type AstObject } from './ast.js';
import { maskPlaceholders } from './placeholders.js';
import { MAX_SQL_TREE_DEPTH, nestsDeeperThan } from '../nesting-limit.js';

/**
 * The SQL statements inside a DO block or a function body, which PostgreSQL's parser hands over as
 * a string: the DO block runs them at once, the function each time it is called. The security
 * rules read them like top-level statements, or `DO $$ BEGIN COPY … TO PROGRAM '…'; END $$` would
 * pass as a statement with nothing in it.
 *
 * - LANGUAGE sql with a string body: the body is SQL, parsed as such.
 * - PL/pgSQL (DO blocks, LANGUAGE plpgsql): parsed with PostgreSQL's own PL/pgSQL parser; every
 *   embedded query and expression (PERFORM, assignments, IF conditions, FOR … IN queries) is read,
 *   and EXECUTE of a constant string is read as the statement it runs. EXECUTE of a computed string
 *   (format(), ||) is not knowable here.
 * - SQL-standard bodies (BEGIN ATOMIC … END) are in the parse tree already; they are listed too,
 *   marked `inTree`, for rules that look at statement kinds only.
 * - A DO block or CREATE FUNCTION inside a body is read in turn, up to MAX_NESTING levels.
 *
 * What PostgreSQL's PL/pgSQL parser refuses (about 1 % of the functions in the corpora: an unknown
 * variable, syntax of another version) is not looked into; with check_function_bodies on, the
 * default, PostgreSQL refuses to create such a function too.
 */

export interface BodyStatement {
  kind: string;
  ast: AstObject;
  node: Node;
  /** The statement's text as PostgreSQL runs it. */
  text: string;
  /** UTF-8 byte offset of `text` in the outer statement, when it is found there verbatim (for the report's underline). */
  location?: number;
  /** What holds it: a DO block or a function (its name). */
  container: { kind: 'do' } | { kind: 'function'; name: string };
  /** Run by EXECUTE of a constant string. */
  dynamic?: true;
  /** Part of the outer statement's parse tree already (a BEGIN ATOMIC body). */
  inTree?: true;
}

const MAX_NESTING = 3;

/**
 * The statements in the body of a DO block or CREATE FUNCTION / PROCEDURE statement (none for other
 * statements). `wanted` says which texts are worth parsing: a body, query or expression whose text
 * does not match it is not parsed (the corpora hold 79 k functions and DO blocks with 480 k
 * queries and expressions; parsing them all took twice as long as parsing the files). Not cached
 * here: its caller (rules/support/statement-and-body.ts) keeps one result per statement.
 */
export function bodyStatements(statement: { kind: string; ast?: AstObject; text: string }, wanted: RegExp): BodyStatement[] {
  if (!statement.ast || (statement.kind !== 'DoStmt' && statement.kind !== 'CreateFunctionStmt')) return [];
  const found: BodyStatement[] = [];
  collect(statement.kind, statement.ast, statement.text, statement.text, 0, wanted, found);
  return found;
}

function collect(kind: string, ast: AstObject, text: string, outer: string, nesting: number, wanted: RegExp, found: BodyStatement[]): void {
  if (nesting >= MAX_NESTING) return;
  const routine = routineOf(kind, ast);
  if (!routine) return;
  // `near`: where to look for it in the outer text when PostgreSQL rewrote it (PERFORM x → SELECT x).
  const add = (sql: string, near: string, dynamic = false) => {
    if (!wanted.test(sql)) return;
    for (const parsed of parseStatements(sql)) {
      const location = byteOffset(outer, parsed.text) ?? byteOffset(outer, near.trim());
      const body: BodyStatement = {
        ...parsed,
        container: routine.container,
        ...(location !== undefined ? { location } : {}),
        ...(dynamic ? { dynamic: true as const } : {}),
      };
      found.push(body);
      collect(body.kind, body.ast, body.text, outer, nesting + 1, wanted, found);
    }
  };
  for (const node of atomicBody(ast.sql_body)) {
    const unwrapped = unwrapNode(node)!;
    found.push({ kind: unwrapped[0], ast: unwrapped[1], node: node as Node, text, container: routine.container, inTree: true });
  }
  if (routine.body === undefined || !wanted.test(routine.body)) return;
  if (routine.language === 'sql') return add(routine.body, routine.body);
  if (routine.language !== 'plpgsql') return;
  for (const expression of plpgsqlExpressions(kind === 'DoStmt' ? wrapDoBody(routine.body) : maskPlaceholders(text))) {
    const value = expression.mode >= 3 ? assignedValue(expression.query) : expression.query;
    add(expression.mode === 0 ? value : `SELECT ${value}`, value.replace(/^\s*SELECT\s+/i, ''));
    if (!expression.dynamic) continue;
    // EXECUTE 'GRANT … TO PUBLIC': the constant string is the statement it runs.
    const constant = constantQuery(expression.query);
    if (constant !== undefined) add(constant, expression.query, true);
  }
}

/** The statements of a BEGIN ATOMIC body: `{ List: { items: [{ List: { items: [statements] } }] } }`. */
function atomicBody(sqlBody: unknown): unknown[] {
  const statements: unknown[] = [];
  const pending = [sqlBody];
  while (pending.length > 0) {
    const node = pending.shift();
    const list = nodeOf(node, 'List');
    if (list) pending.push(...asArray(list.items));
    else if (unwrapNode(node)) statements.push(node);
  }
  return statements;
}

interface Routine {
  language: string;
  body?: string;
  container: BodyStatement['container'];
}

function routineOf(kind: string, ast: AstObject): Routine | undefined {
  const options = asArray(kind === 'DoStmt' ? ast.args : ast.options)
    .map((option) => nodeOf(option, 'DefElem'))
    .filter((option): option is AstObject => option !== undefined);
  const option = (name: string) => options.find((candidate) => candidate.defname === name)?.arg;
  const named = nodeOf(option('language'), 'String')?.sval;
  const language = typeof named === 'string' ? named.toLowerCase() : kind === 'DoStmt' ? 'plpgsql' : 'sql';
  // DO's body is a String; a function's a List of one String (two for C: library and symbol).
  const as = option('as');
  const parts = nodeOf(as, 'String') ? [as] : asArray(nodeOf(as, 'List')?.items ?? as);
  const body = parts.length === 1 ? nodeOf(parts[0], 'String')?.sval : undefined;
  const name = asArray(ast.funcname)
    .map((part) => nodeOf(part, 'String')?.sval)
    .filter((part): part is string => typeof part === 'string')
    .join('.');
  return {
    language,
    ...(typeof body === 'string' ? { body } : {}),
    container: kind === 'DoStmt' ? { kind: 'do' } : { kind: 'function', name },
  };
}

/** Each statement of a SQL text, with its own text; nothing when PostgreSQL's parser refuses it. */
function parseStatements(sql: string): Array<Pick<BodyStatement, 'kind' | 'ast' | 'node' | 'text'>> {
  try {
    const bytes = Buffer.from(sql);
    const statements: Array<Pick<BodyStatement, 'kind' | 'ast' | 'node' | 'text'>> = [];
    for (const raw of asArray(parseSync(maskPlaceholders(sql)).stmts) as Array<{
      stmt?: Node;
      stmt_location?: number;
      stmt_len?: number;
    }>) {
      if (!raw.stmt || nestsDeeperThan(raw.stmt, MAX_SQL_TREE_DEPTH)) continue;
      const unwrapped = unwrapNode(raw.stmt);
      if (!unwrapped) continue;
      const start = raw.stmt_location ?? 0;
      const end = raw.stmt_len ? start + raw.stmt_len : bytes.length;
      statements.push({ kind: unwrapped[0], ast: unwrapped[1], node: raw.stmt, text: bytes.subarray(start, end).toString('utf8').trim() });
    }
    return statements;
  } catch {
    // Refused by the parser (or a JavaScript stack overflow decoding a deep tree): not looked into.
    return [];
  }
}

interface PlpgsqlExpression {
  query: string;
  /** PostgreSQL's RawParseMode: 0 a whole statement, 2 an expression, 3–5 an assignment `target := value`. */
  mode: number;
  /** The string an EXECUTE runs. */
  dynamic: boolean;
}

/** Every query and expression of a PL/pgSQL function, walked without recursion. */
function plpgsqlExpressions(createFunction: string): PlpgsqlExpression[] {
  let tree: unknown;
  try {
    tree = parsePlPgSQLSync(createFunction);
  } catch {
    return [];
  }
  const expressions: PlpgsqlExpression[] = [];
  // Depth first, children in order, so the expressions come in the order of the source. Two plain
  // stacks and no per-node objects: this walk ran over every PL/pgSQL function in the corpora.
  const nodes: unknown[] = [tree];
  const dynamics: boolean[] = [false];
  while (nodes.length > 0) {
    const node = nodes.pop();
    const dynamic = dynamics.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    if (Array.isArray(node)) {
      for (let index = node.length - 1; index >= 0; index -= 1) {
        nodes.push(node[index]);
        dynamics.push(dynamic);
      }
      continue;
    }
    const record = node as AstObject;
    const expression = record.PLpgSQL_expr as { query?: unknown; parseMode?: unknown } | undefined;
    if (expression) {
      const { query, parseMode } = expression;
      if (typeof query === 'string') expressions.push({ query, mode: typeof parseMode === 'number' ? parseMode : 0, dynamic });
      continue;
    }
    // The query of EXECUTE / FOR … IN EXECUTE is the string it runs; its USING parameters are not.
    const executes = record.PLpgSQL_stmt_dynexecute ?? record.PLpgSQL_stmt_dynfors;
    if (executes && typeof executes === 'object') {
      const { query, ...rest } = executes as AstObject;
      nodes.push(rest, query);
      dynamics.push(dynamic, true);
      continue;
    }
    const keys = Object.keys(record);
    for (let index = keys.length - 1; index >= 0; index -= 1) {
      nodes.push(record[keys[index]!]);
      dynamics.push(dynamic);
    }
  }
  return expressions;
}

/** A DO block's body as the function PostgreSQL's PL/pgSQL parser reads (DO runs it as one). */
function wrapDoBody(body: string): string {
  let tag = 'dbarch_do';
  while (body.includes(`$${tag}$`)) tag += '_';
  return `CREATE FUNCTION pg_temp.dbarch_do() RETURNS void LANGUAGE plpgsql AS $${tag}$${body}$${tag}$`;
}

/** The value of `target := value` (PL/pgSQL also accepts `=`). */
function assignedValue(assignment: string): string {
  const at = assignment.indexOf(':=');
  if (at >= 0) return assignment.slice(at + 2);
  const equals = assignment.indexOf('=');
  return equals >= 0 ? assignment.slice(equals + 1) : assignment;
}

/** The text of a constant string expression ('…', E'…', $$…$$), else undefined. */
function constantQuery(expression: string): string | undefined {
  try {
    const raw = asArray(parseSync(`SELECT ${expression}`).stmts)[0] as { stmt?: unknown } | undefined;
    const target = asArray(nodeOf(raw?.stmt, 'SelectStmt')?.targetList);
    if (target.length !== 1) return undefined;
    const text = (nodeOf(nodeOf(target[0], 'ResTarget')?.val, 'A_Const')?.sval as AstObject | undefined)?.sval;
    return typeof text === 'string' ? text : undefined;
  } catch {
    return undefined;
  }
}

/** UTF-8 byte offset of `part` in `outer`, when it occurs there. */
function byteOffset(outer: string, part: string): number | undefined {
  const at = part ? outer.indexOf(part) : -1;
  return at >= 0 ? Buffer.byteLength(outer.slice(0, at)) : undefined;
}
