import { describe, expect, it } from '@jest/globals';
import rule from '../../src/rules/system-catalog-write.js';
import { lintSql } from '../helpers/lint-sql.js';

const lint = (sql: string) => lintSql(sql, { rules: [rule] });

describe('system-catalog-write', () => {
  it.each([
    ['UPDATE pg_catalog.pg_index SET indisvalid = true WHERE indexrelid = 1;', 'UPDATE pg_catalog.pg_index'],
    ['UPDATE pg_class SET relnatts = 3 WHERE oid = 1;', 'UPDATE pg_catalog.pg_class'],
    ['INSERT INTO pg_catalog.pg_attribute SELECT * FROM pg_attribute LIMIT 0;', 'INSERT INTO pg_catalog.pg_attribute'],
    ["DELETE FROM pg_enum WHERE enumlabel = 'x';", 'DELETE FROM pg_catalog.pg_enum'],
  ])('reports %s', async (sql, start) => {
    const [finding] = await lint(sql);
    expect(finding!.message.startsWith(start)).toBe(true);
  });

  it('leaves reads of the catalogs and tables of the same name in another schema alone', async () => {
    expect(await lint('SELECT * FROM pg_class;\nUPDATE app.pg_index SET x = 1;\nINSERT INTO pg_notes VALUES (1);')).toEqual([]);
  });

  it('reports a write inside a DO block, a function body or a BEGIN ATOMIC body, and an INSERT too long for a parse tree as data', async () => {
    const [inDo] = await lint('DO $$ BEGIN UPDATE pg_index SET indisvalid = false WHERE indexrelid = 1; END $$;');
    expect(inDo!.message.startsWith('Inside this DO block: UPDATE pg_catalog.pg_index')).toBe(true);
    const [inFunction] = await lint(
      'CREATE FUNCTION f() RETURNS void LANGUAGE sql BEGIN ATOMIC DELETE FROM pg_catalog.pg_enum WHERE false; END;',
    );
    expect(
      inFunction!.message.startsWith('Inside function "f" (it runs each time the function is called): DELETE FROM pg_catalog.pg_enum'),
    ).toBe(true);
    expect(await lint(`INSERT INTO pg_catalog.pg_description (description) VALUES ('${'x'.repeat(3000)}');`)).toHaveLength(1);
  });
});
