import { describe, expect, it } from '@jest/globals';
import onCommit from '../../src/rules/on-commit-without-temporary.js';
import { lintSql } from '../helpers/lint-sql.js';

describe('on-commit-without-temporary', () => {
  it('reports ON COMMIT on a regular table at the clause, not on a temporary one', async () => {
    const [finding] = await lintSql('SELECT 1;\nCREATE TABLE test_table (id int) ON COMMIT DROP;', { rules: [onCommit] });
    expect(finding).toMatchObject({ line: 2, column: 34, severity: 'error' });
    expect(await lintSql('CREATE TEMP TABLE t (id int) ON COMMIT DELETE ROWS;', { rules: [onCommit] })).toEqual([]);
    expect(await lintSql('CREATE TABLE t (id int);', { rules: [onCommit] })).toEqual([]);
  });
});
