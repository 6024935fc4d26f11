import { describe, expect, it } from '@jest/globals';
import rule from '../../src/rules/drop-table.js';
import { lintSql } from '../helpers/lint-sql.js';

const lint = (sql: string) => lintSql(sql, { rules: [rule] });

describe('drop-table', () => {
  it('names only the existing tables of a multi-table DROP, on the statement lines', async () => {
    const findings = await lint('CREATE TABLE scratch_rows (id bigint PRIMARY KEY);\n\nDROP TABLE scratch_rows,\n  old_orders;');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ line: 3, column: 1, endLine: 4, endColumn: 13, risk: 'destructive', severity: 'error' });
    expect(findings[0]!.message).toContain('"old_orders"');
    expect(findings[0]!.message).not.toContain('scratch_rows');
  });

  it('explains the loss and the archive-first alternative', async () => {
    const [finding] = await lint('DROP TABLE orders CASCADE;');
    expect(finding!.message).toMatchInlineSnapshot(
      `"DROP TABLE "orders" deletes the table and all its rows for good; the application version still running fails on every query that touches it, and the drop waits for an ACCESS EXCLUSIVE lock on it and on the tables its foreign keys point to. CASCADE also drops every view on it and every foreign key that references it, without asking. Stop using it in code and deploy first; keep the data until you are sure (ALTER TABLE … RENAME TO …_deprecated, or pg_dump --table), then drop it in a later migration that is acknowledged as a deliberate deletion."`,
    );
  });

  it('uses the plural for several tables', async () => {
    const [finding] = await lint('DROP TABLE a, b;');
    expect(finding!.message).toContain('deletes the tables and all their rows');
  });

  it('reports DROP SCHEMA without CASCADE as a notice only: it fails rather than deletes', async () => {
    const [finding] = await lint('DROP SCHEMA legacy;');
    expect(finding).toMatchObject({ risk: 'safe', severity: 'notice' });
    const [cascade] = await lint('DROP SCHEMA legacy CASCADE;');
    expect(cascade).toMatchObject({ risk: 'destructive', severity: 'error' });
  });

  it('ignores views, indexes, and schemas or databases created earlier in the file', async () => {
    expect(await lint('DROP VIEW v; DROP MATERIALIZED VIEW m; DROP INDEX i;')).toEqual([]);
    expect(await lint('CREATE SCHEMA tmp;\nDROP SCHEMA tmp CASCADE;')).toEqual([]);
    expect(await lint('CREATE DATABASE tmp;\nDROP DATABASE tmp;')).toEqual([]);
  });
});
