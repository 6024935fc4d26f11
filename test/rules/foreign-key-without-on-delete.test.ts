import { describe, expect, it } from '@jest/globals';
import rule from '../../src/rules/foreign-key-without-on-delete.js';
import { lintSql } from '../helpers/lint-sql.js';

const lint = (sql: string) => lintSql(sql, { rules: [rule] });

describe('foreign-key-without-on-delete', () => {
  it('reports each key without ON DELETE at its constraint', async () => {
    const sql = [
      'CREATE TABLE order_lines (',
      '  order_id bigint REFERENCES orders ON UPDATE CASCADE,',
      '  product_id bigint REFERENCES products ON DELETE NO ACTION,',
      '  CONSTRAINT lines_batch_fk FOREIGN KEY (batch_id) REFERENCES batches (id)',
      ');',
    ].join('\n');
    const findings = await lint(sql);
    expect(findings.map(({ line, column, endColumn }) => ({ line, column, endColumn }))).toEqual([
      { line: 2, column: 19, endColumn: 29 },
      { line: 4, column: 3, endColumn: 13 },
    ]);
    expect(findings[0]).toMatchObject({ risk: 'safe', severity: 'notice' });
    expect(findings[1]!.message).toMatchInlineSnapshot(
      `"Foreign key "lines_batch_fk" has no ON DELETE clause, so it defaults to NO ACTION: deleting a row of "batches" fails while rows of "order_lines" still point to it. Decide what should happen and write it: ON DELETE RESTRICT (keep that behaviour, on purpose), CASCADE (delete the "order_lines" rows too) or SET NULL (keep them, unlinked)."`,
    );
  });

  it('reports keys added by ALTER TABLE, and accepts any explicit policy', async () => {
    expect(await lint('ALTER TABLE a ADD COLUMN b_id bigint REFERENCES b;')).toHaveLength(1);
    expect(await lint('ALTER TABLE a ADD COLUMN b_id bigint REFERENCES b ON DELETE SET NULL;')).toEqual([]);
    expect(await lint('ALTER TABLE a ADD FOREIGN KEY (b_id) REFERENCES b ON UPDATE RESTRICT ON DELETE RESTRICT;')).toEqual([]);
  });
});
