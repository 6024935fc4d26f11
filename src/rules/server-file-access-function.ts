import { defineRule } from './api/define-rule.js';
import { functionCalls, type FunctionCall } from './support/function-calls.js';
import { statementAndBody } from './support/statement-and-body.js';

/**
 * Functions that read the server's files, list its directories, or open connections from the
 * server to elsewhere. In a migration they run with the migration role's privileges (often a
 * superuser), wherever in the statement they are called.
 */
const FILE_FUNCTIONS: Record<string, string> = {
  pg_read_file: 'reads a file on the database server',
  pg_read_binary_file: 'reads a file on the database server',
  pg_stat_file: 'inspects a file on the database server',
  pg_ls_dir: 'lists a directory on the database server',
  pg_ls_logdir: "lists the server's log directory",
  pg_ls_waldir: "lists the server's WAL directory",
  pg_ls_tmpdir: "lists the server's temporary files",
  pg_ls_archive_statusdir: "lists the server's WAL archive status",
  pg_file_write: 'writes a file on the database server (adminpack)',
  pg_file_rename: 'renames a file on the database server (adminpack)',
  pg_file_unlink: 'deletes a file on the database server (adminpack)',
  lo_import: 'reads a file on the database server into a large object',
  lo_export: 'writes a large object to a file on the database server',
};

const NETWORK_FUNCTIONS: Record<string, string> = {
  dblink: 'opens a connection from the database server to another database',
  dblink_exec: 'runs a statement on another database from the database server',
  dblink_connect: 'opens a connection from the database server to another database',
  dblink_connect_u: 'opens a connection from the database server to another database, without password checks',
};

export default defineRule({
  id: 'server-file-access-function',
  summary: "A call to pg_read_file, pg_ls_dir, lo_import/lo_export with a path, dblink … reaches the server's files or network",
  risk: 'safe',
  severity: 'error',
  category: 'safety',
  help:
    'Keep file and network access out of migrations: ship data as SQL or load it from the client (COPY … FROM STDIN), ' +
    'and move cross-database work to an application job with its own, limited credentials.',
  checkStatement({ statement, report }) {
    // The statement's own tree (a BEGIN ATOMIC body included), then what its DO or function body runs.
    for (const checked of statementAndBody(statement)) {
      if (checked.inTree) continue;
      for (const call of functionCalls(checked.node)) {
        if (call.schema !== undefined && call.schema !== 'pg_catalog' && !call.name.startsWith('dblink')) continue;
        const effect = FILE_FUNCTIONS[call.name] ?? NETWORK_FUNCTIONS[call.name];
        if (!effect || !withServerPath(call)) continue;
        const network = call.name in NETWORK_FUNCTIONS;
        const at = checked.inBody ? checked.location : call.location;
        report({
          ...(at !== undefined ? { location: at, ...(checked.inBody ? {} : { length: call.name.length }) } : {}),
          message:
            `${checked.intro}${call.name}() ${effect}, with the privileges of ${checked.inFunction ? "the function's caller (its owner's, if SECURITY DEFINER)" : 'the role running the migration (often a superuser)'}, ` +
            `so a migration can ${network ? 'reach other systems' : 'read or change files'} that no schema change needs. ` +
            (network
              ? 'Do cross-database work in an application job with its own, limited credentials.'
              : 'Ship the data as SQL in the migration, or load it from the client with COPY … FROM STDIN.'),
        });
      }
    }
  },
});

/** lo_import(path) and lo_export(oid, path) touch the server's files; the client-side \lo_import is not SQL. */
function withServerPath(call: FunctionCall): boolean {
  if (call.name === 'lo_import') return call.args.length >= 1;
  if (call.name === 'lo_export') return call.args.length >= 2;
  return true;
}
