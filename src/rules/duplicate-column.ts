import { defineRule } from './api/define-rule.js';
import { asArray, nodeOf, relationName, stringList, type AstObject } from '../parse/sql/ast.js';
import type { SqlStatement } from '../parse/sql/parse-sql.js';

/**
 * A column named twice where PostgreSQL wants each name once: the target list of INSERT, the SET
 * list of UPDATE, the columns of CREATE TABLE, the output columns of CREATE VIEW. PostgreSQL
 * rejects the statement ("column … specified more than once"), and the migration stops there.
 */
export default defineRule({
  id: 'duplicate-column',
  summary: 'A column named twice in INSERT, UPDATE … SET, CREATE TABLE or CREATE VIEW: PostgreSQL rejects the statement',
  risk: 'safe',
  severity: 'error',
  category: 'correctness',
  help: 'Name each column once (for UPDATE, keep the assignment you mean; for a view, give the columns distinct aliases).',
  checkStatement({ statement, report }) {
    const duplicate = firstDuplicate(namedColumns(statement));
    if (!duplicate) return;
    const table = relationName(statement.ast?.relation ?? statement.ast?.view);
    report({
      message:
        `Column "${duplicate.name}" is named more than once in this ${WHAT[statement.kind] ?? 'statement'}${table ? ` of "${table}"` : ''}: ` +
        `PostgreSQL rejects it ("column \\"${duplicate.name}\\" specified more than once"), so the migration fails here. Name each column once.`,
      location: duplicate.location,
    });
  },
});

const WHAT: Record<string, string> = {
  InsertStmt: 'INSERT column list',
  UpdateStmt: 'UPDATE … SET list',
  CreateStmt: 'CREATE TABLE',
  ViewStmt: 'view',
};

interface NamedColumn {
  name: string;
  location?: number;
}

function namedColumns(statement: SqlStatement): NamedColumn[] {
  const ast = statement.ast;
  if (!ast) return [];
  switch (statement.kind) {
    case 'InsertStmt':
      return targets(ast.cols);
    case 'UpdateStmt':
      return targets(ast.targetList);
    case 'CreateStmt':
      return asArray(ast.tableElts)
        .map((element) => nodeOf(element, 'ColumnDef'))
        .filter((column): column is AstObject => typeof column?.colname === 'string')
        .map((column) => ({ name: column.colname as string, location: column.location as number | undefined }));
    case 'ViewStmt':
      return viewColumns(ast);
    default:
      return [];
  }
}

function targets(list: unknown): NamedColumn[] {
  return (
    asArray(list)
      .map((item) => nodeOf(item, 'ResTarget'))
      // `SET a[1] = …, a[2] = …` and `SET point.x = …, point.y = …` assign parts of one column: allowed.
      .filter((target): target is AstObject => typeof target?.name === 'string' && asArray(target.indirection).length === 0)
      .map((target) => ({ name: target.name as string, location: target.location as number | undefined }))
  );
}

/** A view's column names: its alias list, else each output's alias or plain column name (other expressions are left out). */
function viewColumns(ast: AstObject): NamedColumn[] {
  const aliases = stringList(ast.aliases);
  if (aliases.length > 0) return aliases.map((name) => ({ name }));
  const select = nodeOf(ast.query, 'SelectStmt');
  // A UNION's column names come from its first branch; leave those to the dry run.
  if (!select || select.op !== 'SETOP_NONE') return [];
  return asArray(select.targetList).flatMap((item) => {
    const target = nodeOf(item, 'ResTarget');
    if (!target) return [];
    if (typeof target.name === 'string') return [{ name: target.name, location: target.location as number | undefined }];
    const fields = asArray(nodeOf(target.val, 'ColumnRef')?.fields);
    const last = nodeOf(fields[fields.length - 1], 'String')?.sval;
    return typeof last === 'string' ? [{ name: last, location: target.location as number | undefined }] : [];
  });
}

function firstDuplicate(columns: readonly NamedColumn[]): NamedColumn | undefined {
  const seen = new Set<string>();
  for (const column of columns) {
    if (seen.has(column.name)) return column;
    seen.add(column.name);
  }
  return undefined;
}
