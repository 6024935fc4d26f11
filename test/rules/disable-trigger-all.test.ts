import { describe, expect, it } from '@jest/globals';
import rule from '../../src/rules/disable-trigger-all.js';
import { lintSql } from '../helpers/lint-sql.js';

const lint = (sql: string) => lintSql(sql, { rules: [rule] });

describe('disable-trigger-all', () => {
  it('reports DISABLE TRIGGER ALL with the foreign-key consequence', async () => {
    const [finding] = await lint('ALTER TABLE public.orders DISABLE TRIGGER ALL;');
    expect(finding!.message).toMatch(/^DISABLE TRIGGER ALL on "orders" also disables the system triggers that enforce its foreign keys/);
  });

  it('leaves USER, a named trigger and ENABLE ALL alone', async () => {
    expect(
      await lint(
        'ALTER TABLE orders DISABLE TRIGGER USER;\nALTER TABLE orders DISABLE TRIGGER audit;\nALTER TABLE orders ENABLE TRIGGER ALL;',
      ),
    ).toEqual([]);
  });

  it('reports DISABLE TRIGGER ALL inside a DO block', async () => {
    const [finding] = await lint('DO $$ BEGIN ALTER TABLE orders DISABLE TRIGGER ALL; END $$;');
    expect(finding!.message.startsWith('Inside this DO block: DISABLE TRIGGER ALL on "orders"')).toBe(true);
  });
});
