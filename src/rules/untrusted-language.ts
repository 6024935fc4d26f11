import { defineRule } from './api/define-rule.js';
import { asArray, nodeOf } from '../parse/sql/ast.js';
import { statementAndBody, type CheckedStatement } from './support/statement-and-body.js';

/**
 * Untrusted procedural languages (the `…u` ones) and C run with the full power of the server's
 * operating-system user: file access, network, processes. Only a superuser may create functions
 * in them, and each one is a door out of the database.
 */
const UNTRUSTED = new Set(['plpythonu', 'plpython2u', 'plpython3u', 'plperlu', 'pltclu', 'plsh', 'pljavau', 'plrustu', 'c']);

export default defineRule({
  id: 'untrusted-language',
  summary: 'A function, DO block or extension in an untrusted language (plpython3u, plperlu, pltclu, C …)',
  risk: 'safe',
  severity: 'error',
  category: 'safety',
  help:
    'Write the function in SQL or PL/pgSQL, or in a trusted language (plperl, pltcl, plv8); keep anything that needs ' +
    'the operating system in the application, outside the database.',
  checkStatement({ statement, report }) {
    // A DO block can create the function or the extension too.
    for (const checked of statementAndBody(statement)) {
      const language = untrustedLanguage(checked);
      if (!language) continue;
      const what =
        checked.kind === 'DoStmt'
          ? `This DO block runs in ${language}`
          : checked.kind === 'CreateFunctionStmt'
            ? `This function is written in ${language}`
            : `This installs the language ${language}`;
      report({
        ...(checked.location !== undefined ? { location: checked.location } : {}),
        message:
          `${checked.intro}${what}, an untrusted language: its code runs as the operating-system user of the database server, with access to files, ` +
          'the network and processes, outside every PostgreSQL permission check. Use SQL, PL/pgSQL or a trusted language instead, ' +
          'and keep operating-system work in the application.',
      });
    }
  },
});

function untrustedLanguage(statement: CheckedStatement): string | undefined {
  const ast = statement.ast;
  if (!ast) return undefined;
  let language: string | undefined;
  if (statement.kind === 'CreateFunctionStmt') language = optionValue(ast.options, 'language');
  else if (statement.kind === 'DoStmt') language = optionValue(ast.args, 'language');
  else if (statement.kind === 'CreateExtensionStmt') language = String(ast.extname ?? '');
  else if (statement.kind === 'CreatePLangStmt') language = String(ast.plname ?? '');
  const name = language?.toLowerCase();
  return name && UNTRUSTED.has(name) ? name : undefined;
}

function optionValue(options: unknown, name: string): string | undefined {
  for (const option of asArray(options)) {
    const element = nodeOf(option, 'DefElem');
    if (element?.defname !== name) continue;
    const value = nodeOf(element.arg, 'String')?.sval;
    return typeof value === 'string' ? value : undefined;
  }
  return undefined;
}
