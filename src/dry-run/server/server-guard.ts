import { parseSync } from 'libpg-query';
import { asArray, calledFunctions, constantText, nodeOf, stringList, walkNodes, type AstObject } from '../../parse/sql/ast.js';
import { maskPlaceholders } from '../../parse/sql/placeholders.js';

/**
 * What the real-server dry run refuses to send (DBARCH_DRY_RUN_DATABASE_URL): statements that could reach the
 * host's files, programs or network (COPY … PROGRAM / to or from a file, pg_read_file, lo_export,
 * ALTER SYSTEM, untrusted extensions and languages, dblink, foreign servers …) and statements that
 * could leave the dry run's non-superuser role (SET ROLE, SET SESSION AUTHORIZATION, DISCARD ALL,
 * set_config('role', …)). Decided from PostgreSQL's own parse tree; function and DO bodies (strings
 * to the parser) are scanned as text. The embedded PGlite has no host access and needs no guard.
 *
 * Call loadSqlParser() first. Returns the reason to skip, or undefined when the statement may run.
 */

export const NOT_ON_SERVER = "not run on a real server: it could reach the host's files, programs or network";

export interface GuardOptions {
  /**
   * True when the connection's authenticated user is (or may be) a superuser, so that dynamic SQL
   * (EXECUTE in PL/pgSQL) could switch back to it: then bodies with EXECUTE are refused too.
   */
  privileged: boolean;
}

/** Extensions PostgreSQL marks trusted (a database owner may create them): no host access. */
export const ALLOWED_EXTENSIONS = new Set([
  'plpgsql',
  'pgcrypto',
  'uuid-ossp',
  'citext',
  'hstore',
  'pg_trgm',
  'btree_gin',
  'btree_gist',
  'intarray',
  'isn',
  'ltree',
  'cube',
  'seg',
  'fuzzystrmatch',
  'unaccent',
  'tablefunc',
  'tsm_system_rows',
  'tsm_system_time',
  'dict_int',
  'lo',
  'tcn',
]);

const SAFE_LANGUAGES = new Set(['sql', 'plpgsql']);

/** Functions that read or write the host's files, run queries given as text, or signal other sessions. */
const HOST_FUNCTIONS = new Set([
  'pg_read_file',
  'pg_read_binary_file',
  'pg_ls_dir',
  'pg_stat_file',
  'pg_ls_logdir',
  'pg_ls_waldir',
  'pg_ls_tmpdir',
  'pg_ls_archive_statusdir',
  'pg_ls_logicalsnapdir',
  'pg_ls_logicalmapdir',
  'pg_ls_replslotdir',
  'pg_current_logfile',
  'lo_import',
  'lo_export',
  'pg_file_write',
  'pg_file_rename',
  'pg_file_unlink',
  'pg_file_sync',
  'pg_logdir_ls',
  'pg_reload_conf',
  'pg_rotate_logfile',
  'pg_terminate_backend',
  'pg_cancel_backend',
  'pg_promote',
  'query_to_xml',
  'query_to_xmlschema',
  'query_to_xml_and_xmlschema',
  'ts_stat',
]);
const HOST_FUNCTION_PREFIXES = ['dblink', 'postgres_fdw'];

/** Statement kinds that reach outside the scratch database (the network, the server's files or config). */
const HOST_STATEMENTS = new Set([
  'AlterSystemStmt',
  'CreatePLangStmt',
  'LoadStmt',
  'CreateTableSpaceStmt',
  'CreateFdwStmt',
  'AlterFdwStmt',
  'CreateForeignServerStmt',
  'AlterForeignServerStmt',
  'CreateUserMappingStmt',
  'AlterUserMappingStmt',
  'ImportForeignSchemaStmt',
  'CreateSubscriptionStmt',
  'AlterSubscriptionStmt',
]);

/** Settings that change who the session is. */
const IDENTITY_SETTINGS = new Set(['role', 'session_authorization']);

/** Text patterns for what the parse tree cannot show: function and DO bodies, statements without a tree. */
const TEXT_PATTERNS: RegExp[] = [
  /\bCOPY\b[\s\S]*\b(?:TO|FROM)\s+(?:PROGRAM\b|'|E')/i,
  /\bPROGRAM\s+'/i,
  new RegExp(String.raw`\b(?:${[...HOST_FUNCTIONS].join('|')})\s*\(`, 'i'),
  /\b(?:dblink\w*|postgres_fdw\w*)\b/i,
  /\bALTER\s+SYSTEM\b/i,
  /\bCREATE\s+(?:OR\s+REPLACE\s+)?(?:TRUSTED\s+)?(?:PROCEDURAL\s+)?LANGUAGE\b/i,
  /\bCREATE\s+EXTENSION\b/i,
  /\bCREATE\b[^;]*\bLANGUAGE\s+(?!(?:sql|plpgsql)\b|'(?:sql|plpgsql)')[\w'"]+/i,
  /\b(?:SET|RESET)\s+(?:(?:SESSION|LOCAL)\s+)?(?:ROLE|SESSION\s+AUTHORIZATION)\b/i,
  /\bsession_authorization\b/i,
  /\bset_config\s*\(/i,
  /\bDISCARD\s+ALL\b/i,
  /\bCREATE\s+(?:SERVER|USER\s+MAPPING|FOREIGN\s+DATA\s+WRAPPER|SUBSCRIPTION|TABLESPACE)\b/i,
  /\bIMPORT\s+FOREIGN\s+SCHEMA\b/i,
  /^\s*LOAD\s+'/im,
];
/** Dynamic SQL in PL/pgSQL (not `EXECUTE FUNCTION/PROCEDURE` of a trigger definition). */
const DYNAMIC_EXECUTE = /\bEXECUTE\b(?!\s+(?:FUNCTION|PROCEDURE)\b)/i;

export function serverRefusal(text: string, options: GuardOptions): string | undefined {
  let stmts: unknown[];
  try {
    stmts = asArray(parseSync(maskPlaceholders(text)).stmts).map((raw) => (raw as AstObject).stmt);
  } catch {
    // Not parsed (e.g. PostgreSQL would reject it anyway): decide on the text.
    return textRefusal(text, options);
  }
  for (const stmt of stmts) {
    const reason = astRefusal(stmt, options);
    if (reason) return reason;
  }
  return undefined;
}

/** The same decision for a body or statement known only as text. */
export function textRefusal(text: string, options: GuardOptions): string | undefined {
  if (TEXT_PATTERNS.some((pattern) => pattern.test(text))) return NOT_ON_SERVER;
  if (options.privileged && DYNAMIC_EXECUTE.test(text))
    return `${NOT_ON_SERVER} (dynamic EXECUTE while the connection's user is a superuser)`;
  return undefined;
}

function astRefusal(stmt: unknown, options: GuardOptions): string | undefined {
  let refused: string | undefined;
  const refuse = (reason = NOT_ON_SERVER) => {
    refused ??= reason;
  };
  walkNodes(stmt, (kind, fields) => {
    if (refused) return;
    if (HOST_STATEMENTS.has(kind)) return refuse();
    switch (kind) {
      case 'CopyStmt':
        if (fields.is_program || typeof fields.filename === 'string') refuse();
        return;
      case 'CreateExtensionStmt':
        if (!ALLOWED_EXTENSIONS.has(String(fields.extname ?? '').toLowerCase()))
          refuse(`${NOT_ON_SERVER} (extension "${String(fields.extname)}" is not on the dry run's allow-list)`);
        return;
      case 'VariableSetStmt':
        if (IDENTITY_SETTINGS.has(String(fields.name ?? '').toLowerCase())) refuse(`${NOT_ON_SERVER} (it changes the session's role)`);
        return;
      case 'DiscardStmt':
        if (fields.target === 'DISCARD_ALL') refuse(`${NOT_ON_SERVER} (DISCARD ALL resets the session's role)`);
        return;
      case 'FuncCall':
        refuseCall(fields, refuse);
        return;
      case 'CreateFunctionStmt':
        refuseBody(definitions(fields.options), options, refuse);
        return;
      case 'DoStmt':
        refuseBody(definitions(fields.args), options, refuse);
        return;
    }
  });
  return refused;
}

function refuseCall(fields: AstObject, refuse: (reason?: string) => void): void {
  const name = calledFunctions({ FuncCall: { funcname: fields.funcname } })[0] ?? '';
  if (HOST_FUNCTIONS.has(name) || HOST_FUNCTION_PREFIXES.some((prefix) => name.startsWith(prefix))) return refuse();
  if (name === 'set_config') {
    const setting = constantText(asArray(fields.args)[0]);
    if (setting === undefined || IDENTITY_SETTINGS.has(setting.toLowerCase()))
      refuse(`${NOT_ON_SERVER} (set_config could change the session's role)`);
  }
}

/** DefElem options of CREATE FUNCTION / DO by name: language, as (the body). */
function definitions(list: unknown): Map<string, unknown> {
  const map = new Map<string, unknown>();
  for (const item of asArray(list)) {
    const def = nodeOf(item, 'DefElem');
    if (def && typeof def.defname === 'string') map.set(def.defname, def.arg);
  }
  return map;
}

function refuseBody(defs: Map<string, unknown>, options: GuardOptions, refuse: (reason?: string) => void): void {
  const language = defs.has('language') ? (nodeOf(defs.get('language'), 'String')?.sval as string | undefined)?.toLowerCase() : 'plpgsql';
  if (language !== undefined && !SAFE_LANGUAGES.has(language)) return refuse(`${NOT_ON_SERVER} (LANGUAGE ${language})`);
  const as = defs.get('as');
  const body = [nodeOf(as, 'String')?.sval, ...stringList(nodeOf(as, 'List')?.items)]
    .filter((part): part is string => typeof part === 'string')
    .join('\n');
  const reason = body ? textRefusal(body, options) : undefined;
  if (reason) refuse(reason);
}
