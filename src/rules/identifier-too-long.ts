import { defineRule } from './api/define-rule.js';
import type { SqlStatement } from '../parse/sql/parse-sql.js';
import { asArray, nodeOf, stringList, type AstObject } from '../parse/sql/ast.js';
import { blankCommentsAndStrings, byteOffsetOf } from './support/statement-text.js';

/**
 * PostgreSQL keeps at most 63 bytes of a name (NAMEDATALEN - 1) and silently cuts the rest — the
 * parser already hands dbarch the cut name. So the rule reads the names a statement defines from the
 * AST and finds the longer spelling in the text.
 */
const MAX_BYTES = 63;

export default defineRule({
  id: 'identifier-too-long',
  summary: 'Names longer than 63 bytes are silently truncated by PostgreSQL',
  risk: 'safe',
  severity: 'warning',
  category: 'correctness',
  help: 'Choose a name of at most 63 bytes (UTF-8: accented letters take 2 bytes, many other characters 3 or 4).',
  checkStatement({ statement, report }) {
    const defined = new Set(definedNames(statement).filter((name) => Buffer.byteLength(name, 'utf8') >= MAX_BYTES - 3));
    if (defined.size === 0) return;
    const reported = new Set<string>();
    for (const token of identifierTokens(statement.text)) {
      const name = token.quoted
        ? token.text.slice(1, -1).replace(/""/g, '"')
        : token.text.replace(/[A-Z]/g, (letter) => letter.toLowerCase());
      const bytes = Buffer.byteLength(name, 'utf8');
      if (bytes <= MAX_BYTES) continue;
      const truncated = truncateName(name);
      if (!defined.has(truncated) || reported.has(truncated)) continue;
      reported.add(truncated);
      const replacement = token.quoted ? `"${truncated.replace(/"/g, '""')}"` : truncated;
      report({
        message:
          `The name ${token.text} is ${bytes} bytes long; PostgreSQL keeps only 63 bytes and silently creates it as "${truncated}". ` +
          `Another name with the same first 63 bytes then collides with it, and tools that compare names (ORMs, schema diffs) see a mismatch. Choose a shorter name.`,
        location: byteOffsetOf(statement.text, token.index),
        length: token.text.length,
        fix: { description: 'Use the name PostgreSQL actually creates', replacement },
      });
    }
  },
});

/** Cuts a name to 63 bytes without splitting a character, as PostgreSQL does. */
export function truncateName(name: string): string {
  let result = '';
  let bytes = 0;
  for (const character of name) {
    const size = Buffer.byteLength(character, 'utf8');
    if (bytes + size > MAX_BYTES) break;
    result += character;
    bytes += size;
  }
  return result;
}

interface IdentifierToken {
  text: string;
  index: number;
  quoted: boolean;
}

function identifierTokens(text: string): IdentifierToken[] {
  const tokens: IdentifierToken[] = [];
  const pattern = /"(?:[^"]|"")+"|[A-Za-z_\u0080-\uffff][\w$\u0080-\uffff]*/g;
  for (const match of blankCommentsAndStrings(text).matchAll(pattern)) {
    tokens.push({ text: match[0], index: match.index, quoted: match[0].startsWith('"') });
  }
  return tokens;
}

/** Names of the objects a statement creates or renames to (already cut by the parser). */
function definedNames(statement: SqlStatement): string[] {
  const ast = statement.ast;
  if (!ast) return [];
  const relation = (value: unknown): string[] => {
    const name = (nodeOf(value, 'RangeVar') ?? (value as AstObject | undefined))?.relname;
    return typeof name === 'string' ? [name] : [];
  };
  const last = (value: unknown): string[] => stringList(value).slice(-1);
  switch (statement.kind) {
    case 'CreateStmt':
      return [...relation(ast.relation), ...asArray(ast.tableElts).flatMap(elementNames)];
    case 'AlterTableStmt':
      return asArray(ast.cmds).flatMap((command) => elementNames(nodeOf(command, 'AlterTableCmd')?.def));
    case 'IndexStmt':
      return typeof ast.idxname === 'string' ? [ast.idxname] : [];
    case 'RenameStmt':
      return typeof ast.newname === 'string' ? [ast.newname] : [];
    case 'CreateSeqStmt':
      return relation(ast.sequence);
    case 'ViewStmt':
      return relation(ast.view);
    case 'CreateTableAsStmt':
      return relation((ast.into as AstObject | undefined)?.rel);
    case 'CreateEnumStmt':
      return last(ast.typeName);
    case 'CreateDomainStmt':
      return last(ast.domainname);
    case 'CreateFunctionStmt':
      return last(ast.funcname);
    case 'CreateTrigStmt':
      return typeof ast.trigname === 'string' ? [ast.trigname] : [];
    case 'CreateSchemaStmt':
      return typeof ast.schemaname === 'string' ? [ast.schemaname] : [];
    default:
      return [];
  }
}

/** Column names and constraint names of a table element (ColumnDef or Constraint). */
function elementNames(element: unknown): string[] {
  const column = nodeOf(element, 'ColumnDef');
  if (column) {
    const constraints = asArray(column.constraints).flatMap(elementNames);
    return typeof column.colname === 'string' ? [column.colname, ...constraints] : constraints;
  }
  const constraint = nodeOf(element, 'Constraint');
  return typeof constraint?.conname === 'string' ? [constraint.conname] : [];
}
