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
});
