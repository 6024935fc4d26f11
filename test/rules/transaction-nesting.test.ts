import { describe, expect, it } from '@jest/globals';
import rule from '../../src/rules/transaction-nesting.js';
import { lintSql } from '../helpers/lint-sql.js';

const lint = (sql: string, options: Parameters<typeof lintSql>[1] = {}) => lintSql(sql, { ...options, rules: [rule] });

describe('transaction-nesting', () => {
  it('reports an unclosed BEGIN at its line', async () => {
    const findings = await lint('CREATE TABLE a (id int);\nSTART TRANSACTION;\nALTER TABLE users ADD COLUMN bio text;');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ line: 2, endLine: 2, risk: 'safe', severity: 'error' });
    expect(findings[0]!.message).toMatchInlineSnapshot(
      `"START TRANSACTION without a matching COMMIT: the transaction is still open when the file ends, and when the session closes PostgreSQL rolls it back, so none of its statements takes effect (while the tool may record the migration as done). Add COMMIT at the end."`,
    );
  });

  it('does not report an unclosed BEGIN in a file the tool commits', async () => {
    const findings = await lint('BEGIN;\nCREATE TABLE a (id int);', { tool: 'flyway' });
    expect(findings.map((finding) => finding.severity)).toEqual(['notice']);
  });

  it('reports nested BEGIN and stray ROLLBACK with their positions', async () => {
    const findings = await lint('BEGIN;\nBEGIN;\nCOMMIT;\nDELETE FROM t WHERE id = 1;\nROLLBACK;');
    expect(findings.map(({ line, column, endColumn, severity }) => ({ line, column, endColumn, severity }))).toEqual([
      { line: 2, column: 1, endColumn: 6, severity: 'error' },
      { line: 5, column: 1, endColumn: 9, severity: 'error' },
    ]);
    expect(findings[1]!.message).toContain('ROLLBACK with no open transaction');
  });

  it('only notes a second COMMIT or ROLLBACK right after the first', async () => {
    const findings = await lint('BEGIN;\nCREATE TABLE a (id int);\nCOMMIT;\nROLLBACK;');
    expect(findings).toMatchObject([{ line: 4, severity: 'notice', message: expect.stringContaining('ROLLBACK right after COMMIT') }]);
  });

  it('accepts savepoints inside a transaction and balanced blocks', async () => {
    expect(await lint('BEGIN;\nSAVEPOINT s;\nRELEASE SAVEPOINT s;\nCOMMIT;\nBEGIN;\nROLLBACK;')).toEqual([]);
  });
});
