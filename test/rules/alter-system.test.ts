import { describe, expect, it } from '@jest/globals';
import rule from '../../src/rules/alter-system.js';
import { lintSql } from '../helpers/lint-sql.js';

const lint = (sql: string) => lintSql(sql, { rules: [rule] });

describe('alter-system', () => {
  it('names the setting and the scoped alternatives', async () => {
    const [finding] = await lint("ALTER SYSTEM SET work_mem = '1GB';");
    expect(finding!.message).toContain('changes "work_mem" in postgresql.auto.conf for the whole server');
    expect(finding!.message).toContain('ALTER DATABASE … SET');
  });

  it('leaves session and database settings alone', async () => {
    expect(await lint("SET work_mem = '64MB';\nALTER DATABASE app SET work_mem = '64MB';\nALTER ROLE app SET work_mem = '64MB';")).toEqual(
      [],
    );
  });
});
