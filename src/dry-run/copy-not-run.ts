import { codeOnly } from '../parse/sql/lexical.js';
import { copyReadsStdin } from '../parse/sql/split-statements.js';

/**
 * Which COPY statements the dry run leaves out, and why (the base replay and the trace alike). Only
 * `COPY … TO STDOUT` runs: it reads tables, as the migration would.
 *
 * - FROM STDIN: the rows are data that follows in the script, which the dry run does not load.
 * - PROGRAM, in either direction: a command on the database server. The embedded PostgreSQL cannot
 *   run one, and PGlite 0.5.16 answers it and then hangs on the next query (the dry run blamed a
 *   10 s "statement timeout" on a COPY that takes milliseconds on a server); inside a DO block it
 *   aborts PGlite outright ("ERRORDATA_STACK_SIZE exceeded"). A real server must not run one (its
 *   guard refuses it too). copy-program-or-server-file reports it either way.
 * - a file name: the database server's file, which is not the dry run's to read or write.
 *
 * A DO block whose body holds COPY … PROGRAM is left out for the same reason; a function that does
 * is created (PostgreSQL does not run the body then), but a call to it is not told apart here.
 */
export function copyNotRun(text: string, kind?: string): string | undefined {
  if (kind === 'DoStmt' || (!kind && /^\s*DO\b/i.test(text))) {
    return /\bCOPY\b[\s\S]*\bPROGRAM\s+(?:E?'|\$)/i.test(text)
      ? 'a DO block that runs COPY … PROGRAM: the dry run runs no commands on the database server'
      : undefined;
  }
  if (kind ? kind !== 'CopyStmt' : !/^\s*COPY\b/i.test(text)) return undefined;
  const code = codeOnly(text);
  if (/\bPROGRAM\b/i.test(code)) return 'COPY … PROGRAM: the dry run runs no commands on the database server';
  if (copyReadsStdin(text.trimStart())) return 'COPY … FROM STDIN: the rows that follow are data, not loaded in the dry run';
  if (/\bTO\s+STDOUT\b/i.test(code)) return undefined;
  return "COPY with a file name: the database server's file is not the dry run's to read or write";
}
