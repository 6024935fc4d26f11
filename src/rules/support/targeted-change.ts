import { asArray, nodeOf, stringList, type AstObject } from '../../parse/sql/ast.js';

/**
 * Whether an UPDATE or DELETE picks its rows by an exact value: a top-level `WHERE id = 3`,
 * `code IN ('a', 'b')`, `description = 'aspirin'` (possibly AND-ed with more conditions). Such
 * changes fix a few reference or configuration rows. A backfill filters on data instead
 * (`WHERE plan IS NULL`, `is_admin = true`, `status = 'trial'`): comparisons with booleans, NULL,
 * or columns whose names say they hold categories are not taken as picking rows. The row count
 * itself is unknowable from SQL, so this is a guess from the statement's shape and names.
 */

const CATEGORY_COLUMN =
  /^(?:is|has|can|should)_|(?:^|_)(?:status|state|type|kind|category|plan|role|level|class|group|flag|mode|tier|source|locale|lang|language|country|currency|enabled|active|deleted|visible|version)$/;
const CASE_FUNCTIONS = new Set(['lower', 'upper', 'btrim', 'trim']);

export function isTargetedChange(ast: AstObject | undefined): boolean {
  return conjuncts(ast?.whereClause).some(picksByValue);
}

function conjuncts(expression: unknown): unknown[] {
  const boolean = nodeOf(expression, 'BoolExpr');
  if (boolean?.boolop === 'AND_EXPR') return asArray(boolean.args).flatMap(conjuncts);
  return expression === undefined ? [] : [expression];
}

function picksByValue(expression: unknown): boolean {
  const comparison = nodeOf(expression, 'A_Expr');
  if (!comparison || stringList(comparison.name)[0] !== '=') return false;
  const column = comparedColumn(comparison.lexpr);
  if (!column || CATEGORY_COLUMN.test(column)) return false;
  if (comparison.kind === 'AEXPR_OP') return isValueConstant(unwrapped(comparison.rexpr));
  if (comparison.kind === 'AEXPR_IN')
    return asArray(nodeOf(comparison.rexpr, 'List')?.items).every((item) => isValueConstant(unwrapped(item)));
  return false;
}

/** The column of `col`, `t.col` or `lower(col)`. */
function comparedColumn(expression: unknown): string | undefined {
  const call = nodeOf(expression, 'FuncCall');
  const name = stringList(call?.funcname).at(-1);
  const target = call && name && CASE_FUNCTIONS.has(name) && asArray(call.args).length === 1 ? asArray(call.args)[0] : expression;
  return stringList(nodeOf(target, 'ColumnRef')?.fields).at(-1);
}

/** `'x'`, `'x'::text` and `lower('x')` are the same constant for this purpose. */
function unwrapped(expression: unknown): unknown {
  const cast = nodeOf(expression, 'TypeCast');
  if (cast) return unwrapped(cast.arg);
  const call = nodeOf(expression, 'FuncCall');
  const name = stringList(call?.funcname).at(-1);
  return call && name && CASE_FUNCTIONS.has(name) && asArray(call.args).length === 1 ? unwrapped(asArray(call.args)[0]) : expression;
}

/** Numbers and strings identify rows; booleans and NULL select whole groups of them. */
function isValueConstant(node: unknown): boolean {
  const constant = nodeOf(node, 'A_Const');
  return !!constant && (constant.ival !== undefined || constant.fval !== undefined || constant.sval !== undefined);
}
