import type { Node } from 'web-tree-sitter';
import { readModuleScope, type ModuleScope } from '../python/module-scope.js';
import { withPythonTree, type PythonComment, type PythonSyntaxError } from '../python/python-parser.js';
import { spanOf, type Span } from '../python/python-values.js';
import type { LineIndex } from '../sql/source-text.js';
import { mapStatements, type MappedStatements } from './mapped-statements.js';
import { collectOpCalls, type OpaqueCall, type OpCall } from './op-calls.js';
import { readRevisionHeader, type RevisionHeader } from './revision-header.js';
import { translateOp, type TranslatedOp } from './translate-op.js';

/**
 * Everything dbarch reads from one Alembic revision file: its place in the revision graph, the
 * SQL its upgrade() sends (as source-mapped statements), what could not be translated, and the
 * operations of downgrade() for the reversibility rules. Needs loadPythonParser() and
 * loadSqlParser() awaited first.
 */

export interface MigrationFunction {
  /** The `def name(...)` line's name, where findings about the function go. */
  nameSpan: Span;
  /** Only `pass`, `...`, a docstring or comments. */
  empty: boolean;
}

export interface AlembicRevision {
  header: RevisionHeader;
  upgrade?: MigrationFunction;
  downgrade?: MigrationFunction;
  upgradeOps: TranslatedOp[];
  downgradeOps: OpCall[];
  /** Calls in upgrade() that may change the schema but cannot be followed (helpers, computed objects). */
  opaque: OpaqueCall[];
  mapped: MappedStatements;
  syntaxErrors: PythonSyntaxError[];
  comments: PythonComment[];
  lines: LineIndex;
}

export function readAlembicRevision(text: string): AlembicRevision {
  return withPythonTree(text, (source) => {
    const scope = readModuleScope(source.root);
    const upgradeNode = scope.functions.get('upgrade');
    const downgradeNode = scope.functions.get('downgrade');
    const upgrade = upgradeNode ? collectOpCalls(functionBody(upgradeNode)!, scope) : { ops: [], opaque: [] };
    const upgradeOps = upgrade.ops.map(translateOp);
    return {
      header: readRevisionHeader(scope),
      ...(upgradeNode ? { upgrade: migrationFunction(upgradeNode) } : {}),
      ...(downgradeNode ? { downgrade: migrationFunction(downgradeNode) } : {}),
      upgradeOps,
      downgradeOps: downgradeNode ? downgradeCalls(downgradeNode, scope) : [],
      opaque: upgrade.opaque,
      mapped: mapStatements(upgradeOps, source.lines),
      syntaxErrors: source.errors,
      comments: source.comments,
      lines: source.lines,
    };
  });
}

/** Revision identifiers only, for ordering files by the revision graph. */
export function readRevisionHeaderOf(text: string): RevisionHeader {
  return withPythonTree(text, (source) => readRevisionHeader(readModuleScope(source.root)));
}

function functionBody(node: Node): Node | null {
  return node.childForFieldName('body');
}

function downgradeCalls(node: Node, scope: ModuleScope): OpCall[] {
  const body = functionBody(node);
  return body ? collectOpCalls(body, scope).ops : [];
}

function migrationFunction(node: Node): MigrationFunction {
  const name = node.childForFieldName('name');
  const statements = functionBody(node)?.namedChildren ?? [];
  const empty = statements.every(
    (statement) => !statement || statement.type === 'pass_statement' || statement.type === 'comment' || isDocstringOrEllipsis(statement),
  );
  return { nameSpan: spanOf(name ?? node), empty };
}

function isDocstringOrEllipsis(statement: Node): boolean {
  const expression = statement.type === 'expression_statement' ? statement.namedChildren[0] : undefined;
  return expression?.type === 'string' || expression?.type === 'ellipsis';
}
