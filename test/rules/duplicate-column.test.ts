import { describe, expect, it } from '@jest/globals';
import rule from '../../src/rules/duplicate-column.js';
import { lintSql } from '../helpers/lint-sql.js';

const lint = (sql: string) => lintSql(sql, { rules: [rule] });

describe('duplicate-column', () => {
  it.each([
    ['INSERT INTO t (a, a) VALUES (1, 2);', 'a'],
    ['UPDATE k SET a = 1, b = 2, a = 3;', 'a'],
    ['UPDATE k SET (b, a) = (2, 3), a = 1;', 'a'],
    ['CREATE TABLE t (a int, a text);', 'a'],
    ['CREATE VIEW v AS SELECT 1 a, 2 a;', 'a'],
    ['CREATE VIEW v AS SELECT t.id, u.id FROM t, u;', 'id'],
    ['CREATE VIEW v (x, x) AS SELECT 1, 2;', 'x'],
  ])('reports %s', async (sql, column) => {
    const findings = await lint(sql);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: 'error', risk: 'safe' });
    expect(findings[0]!.message).toContain(`Column "${column}" is named more than once`);
  });

  it('underlines the second mention', async () => {
    const [finding] = await lint('UPDATE k\nSET\n  a = 1,\n  a = 3;');
    expect(finding).toMatchObject({ line: 4, column: 3 });
  });

  it.each([
    'UPDATE t SET tags[1] = 1, tags[2] = 2;',
    'UPDATE t SET point.x = 1, point.y = 2;',
    'INSERT INTO t (a, b) VALUES (1, 2);',
    'CREATE VIEW v AS SELECT t.id AS a, u.id AS b FROM t, u;',
    'CREATE VIEW v AS SELECT id FROM t UNION SELECT id FROM u;',
    'CREATE VIEW v AS SELECT count(*) AS n, max(id) FROM t;',
  ])('does not report %s', async (sql) => {
    expect(await lint(sql)).toEqual([]);
  });
});
