import { describe, expect, it } from '@jest/globals';
import { ruleIds } from '../../helpers/lint-sql.js';
import { isSystemCatalog } from '../../../src/rules/support/system-catalogs.js';

describe('system catalogs', () => {
  it.each([
    ['pg_index', true],
    ['pg_catalog.pg_class', true],
    ['information_schema.tables', true],
    ['orders', false],
    ['app.pg_notes', false],
  ])('%s is a system catalog: %s', (name, expected) => {
    expect(isSystemCatalog(name)).toBe(expected);
  });

  it('a catalog UPDATE in a transaction gets no backfill, long-running or statement-timeout advice', async () => {
    const sql = "BEGIN;\nUPDATE pg_index SET indisvalid = false WHERE indrelid = 'orders'::regclass;\nCOMMIT;";
    const ids = await ruleIds(sql);
    expect(ids).not.toContain('backfill-in-migration');
    expect(ids).not.toContain('statement-timeout-missing');
    expect(ids).not.toContain('work-after-access-exclusive');
  });
});
