import { defineRule } from './api/define-rule.js';
import { statementAndBody } from './support/statement-and-body.js';

/**
 * COPY … TO/FROM PROGRAM runs a shell command on the database server, and COPY with a file name
 * reads or writes a file there, both as the operating-system user PostgreSQL runs as. A migration
 * has no business doing either; the client-side forms (COPY … FROM STDIN, psql's \copy) do not.
 */
export default defineRule({
  id: 'copy-program-or-server-file',
  summary: 'COPY … TO/FROM PROGRAM or a server file path runs a command or touches files on the database server',
  risk: 'safe',
  severity: 'error',
  category: 'safety',
  help:
    "Load or export data from the client: COPY … FROM STDIN / TO STDOUT (psql's \\copy), or a separate data job; " +
    'never a shell command or a file path on the server.',
  checkStatement({ statement, report }) {
    // Inside a DO block or a function body too: `DO $$ BEGIN COPY … TO PROGRAM …; END $$` runs it all the same.
    for (const checked of statementAndBody(statement)) {
      const ast = checked.ast;
      if (checked.kind !== 'CopyStmt' || !ast || typeof ast.filename !== 'string') continue;
      const at = checked.location !== undefined ? { location: checked.location } : {};
      const direction = ast.is_from ? 'FROM' : 'TO';
      if (ast.is_program) {
        report({
          ...at,
          message:
            `${checked.intro}COPY … ${direction} PROGRAM '${ast.filename}' runs a shell command on the database server as the operating-system user PostgreSQL runs as ` +
            '(it needs superuser or pg_execute_server_program), so whoever controls this migration controls the server. ' +
            "Move the data through the client instead: COPY … FROM STDIN / TO STDOUT or psql's \\copy.",
        });
        continue;
      }
      report({
        ...at,
        message:
          `${checked.intro}COPY … ${direction} '${ast.filename}' ${ast.is_from ? 'reads' : 'writes'} a file on the database server's file system as the PostgreSQL ` +
          `operating-system user (it needs superuser or pg_${ast.is_from ? 'read' : 'write'}_server_files), which can ${ast.is_from ? 'expose any file that user can read' : 'overwrite files that user owns'}, ` +
          "and the path rarely exists on every server the migration runs on. Use COPY … FROM STDIN / TO STDOUT or psql's \\copy from the client.",
      });
    }
  },
});
