import type { Node } from '@pgsql/types';
import type { AstObject } from '../../parse/sql/ast.js';
import type { SqlStatement } from '../../parse/sql/parse-sql.js';
import { bodyStatements, type BodyStatement } from '../../parse/sql/routine-bodies.js';

/**
 * A statement and the statements in its DO or function body (parse/sql/routine-bodies.ts), for the
 * security rules: what a migration must not do at the top level it must not do inside a DO block
 * or a function it creates either. Each carries how a message introduces it and where to point.
 */
export interface CheckedStatement {
  kind: string;
  ast?: AstObject;
  node?: Node;
  /** '' for the statement itself; else e.g. "Inside this DO block: ". */
  intro: string;
  /** Where a finding on a body statement points (byte offset in the outer statement); undefined: the rule's own location. */
  location?: number;
  /** A body statement. */
  inBody: boolean;
  /** A function's body statement: it runs with the privileges of whoever calls the function (its owner's, for SECURITY DEFINER), not at migration time. */
  inFunction: boolean;
  /** A BEGIN ATOMIC body statement: part of the outer parse tree, which rules walking the whole tree already read. */
  inTree: boolean;
}

/**
 * Text that may hold what a security rule looks for, in a body or one of its queries: COPY, a call
 * of a file or network function (pg_read_file, pg_ls_dir, pg_stat_file, pg_file_write, lo_import,
 * lo_export, dblink…), a write to a pg_… relation, GRANT … PUBLIC, DISABLE TRIGGER ALL, a
 * LANGUAGE, CREATE EXTENSION or SECURITY DEFINER, a nested DO block. Other text is not parsed: the corpora
 * hold 79 k function and DO bodies, and parsing every one that mentions pg_catalog took as long as
 * parsing the files themselves.
 */
const SECURITY_RELEVANT = new RegExp(
  [
    String.raw`\bCOPY\b`,
    String.raw`\b(?:pg_(?:read|stat|ls|file)\w*|lo_(?:import|export)|dblink\w*)\s*\(`,
    String.raw`\b(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|MERGE\s+INTO)\s+(?:ONLY\s+)?(?:"?pg_catalog"?\s*\.\s*)?"?pg_`,
    String.raw`\bGRANT\b[\s\S]*\bPUBLIC\b`,
    String.raw`\bTRIGGER\s+ALL\b`,
    // CREATE EXTENSION, not the word alone: pgTAP-style bodies say "extension" in thousands of messages.
    String.raw`\bLANGUAGE\b|\bCREATE(?:\s|/\*[\s\S]*?\*/|--[^\n]*\n)+EXTENSION\b|\bSECURITY\s+DEFINER\b`,
    String.raw`\bDO\s+(?:\$|'|E'|LANGUAGE\b)`,
  ].join('|'),
  'i',
);

/** Per statement, for the seven rules that ask (each asked for every statement of every file). */
const checkedStatements = new WeakMap<SqlStatement, CheckedStatement[]>();

export function statementAndBody(statement: SqlStatement): CheckedStatement[] {
  const cached = checkedStatements.get(statement);
  if (cached) return cached;
  const own: CheckedStatement = {
    kind: statement.kind,
    ...(statement.ast ? { ast: statement.ast } : {}),
    ...(statement.node ? { node: statement.node } : {}),
    intro: '',
    inBody: false,
    inFunction: false,
    inTree: false,
  };
  const all = [own, ...bodyStatements(statement, SECURITY_RELEVANT).map(checked)];
  checkedStatements.set(statement, all);
  return all;
}

function checked(body: BodyStatement): CheckedStatement {
  const where =
    body.container.kind === 'do' ? 'this DO block' : `function "${body.container.name}" (it runs each time the function is called)`;
  return {
    kind: body.kind,
    ast: body.ast,
    node: body.node,
    intro: `Inside ${where}${body.dynamic ? ', through EXECUTE' : ''}: `,
    ...(body.location !== undefined ? { location: body.location } : {}),
    inBody: true,
    inFunction: body.container.kind === 'function',
    inTree: body.inTree === true,
  };
}
