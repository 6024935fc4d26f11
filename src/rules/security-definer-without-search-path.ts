import { defineRule } from './api/define-rule.js';
import { asArray, nodeOf, stringList, type AstObject } from '../parse/sql/ast.js';
import { statementAndBody } from './support/statement-and-body.js';

/**
 * A SECURITY DEFINER function runs with its owner's privileges. Without a fixed search_path, the
 * caller's search_path decides which tables, functions and operators its unqualified names mean,
 * so a caller who can create objects in a schema earlier on that path runs code as the owner.
 */
export default defineRule({
  id: 'security-definer-without-search-path',
  summary: 'A SECURITY DEFINER function without SET search_path can be hijacked by its callers',
  risk: 'safe',
  severity: 'error',
  category: 'safety',
  help: 'Add SET search_path = <trusted schemas>, pg_temp to the function (or schema-qualify every name in its body).',
  checkStatement({ statement, report }) {
    // A DO block can create or alter the function too.
    for (const checked of statementAndBody(statement)) {
      const ast = checked.ast;
      if (!ast) continue;
      const options = checked.kind === 'CreateFunctionStmt' ? ast.options : checked.kind === 'AlterFunctionStmt' ? ast.actions : undefined;
      if (options === undefined || !isSecurityDefiner(options) || setsSearchPath(options)) continue;
      const name = stringList(checked.kind === 'CreateFunctionStmt' ? ast.funcname : (ast.func as AstObject | undefined)?.objname).join(
        '.',
      );
      report({
        ...(checked.location !== undefined ? { location: checked.location } : {}),
        message:
          `${checked.intro}Function "${name}" runs with the privileges of its owner (SECURITY DEFINER) but takes the caller's search_path, so a caller who ` +
          "can create a table, function or operator in a schema searched first (or in pg_temp) makes it run that object with the owner's rights. " +
          'Pin the path in the definition: SET search_path = app, pg_temp (pg_temp last), or schema-qualify every name in the body.',
      });
    }
  },
});

function definitionOptions(options: unknown): AstObject[] {
  return asArray(options)
    .map((option) => nodeOf(option, 'DefElem'))
    .filter((option): option is AstObject => option !== undefined);
}

function isSecurityDefiner(options: unknown): boolean {
  return definitionOptions(options).some((option) => option.defname === 'security' && nodeOf(option.arg, 'Boolean')?.boolval === true);
}

function setsSearchPath(options: unknown): boolean {
  return definitionOptions(options).some((option) => {
    const set = nodeOf(option.arg, 'VariableSetStmt');
    return option.defname === 'set' && set?.name === 'search_path' && set.kind === 'VAR_SET_VALUE';
  });
}
