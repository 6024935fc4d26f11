import { describe, expect, it } from '@jest/globals';
import rule, { truncateName } from '../../src/rules/identifier-too-long.js';
import { lintSql } from '../helpers/lint-sql.js';

const lint = (sql: string) => lintSql(sql, { rules: [rule] });
const long = `orders_${'x'.repeat(60)}`;

describe('identifier-too-long', () => {
  it('underlines the long name and offers the name PostgreSQL will use', async () => {
    const findings = await lint(`CREATE TABLE t (\n  id bigint,\n  ${long.toUpperCase()} text\n);`);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ line: 3, column: 3, endLine: 3, endColumn: 3 + long.length, risk: 'safe', severity: 'warning' });
    expect(findings[0]!.fix?.replacement).toBe(long.slice(0, 63));
    expect(findings[0]!.message).toMatchInlineSnapshot(
      `"The name ORDERS_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX is 67 bytes long; PostgreSQL keeps only 63 bytes and silently creates it as "orders_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx". Another name with the same first 63 bytes then collides with it, and tools that compare names (ORMs, schema diffs) see a mismatch. Choose a shorter name."`,
    );
  });

  it('counts bytes, cuts without splitting a character, and keeps quotes in the replacement', async () => {
    const name = `Ü${'é'.repeat(31)}`; // 64 bytes, 32 characters
    expect(truncateName(name)).toBe(`Ü${'é'.repeat(30)}`);
    const [finding] = await lint(`ALTER TABLE t ADD COLUMN "${name}" text;`);
    expect(finding!.fix?.replacement).toBe(`"Ü${'é'.repeat(30)}"`);
  });

  it('checks index, constraint and rename targets', async () => {
    expect(await lint(`CREATE INDEX ${long} ON t (a);`)).toHaveLength(1);
    expect(await lint(`ALTER TABLE t ADD CONSTRAINT ${long} CHECK (a > 0);`)).toHaveLength(1);
    expect(await lint(`ALTER TABLE t RENAME TO ${long};`)).toHaveLength(1);
  });

  it('ignores names of 63 bytes, references, comments and strings', async () => {
    expect(await lint(`CREATE TABLE ${'a'.repeat(63)} (id bigint);`)).toEqual([]);
    expect(await lint(`CREATE INDEX short_idx ON ${long} (a);`)).toEqual([]);
    expect(await lint(`-- ${long}\nCREATE TABLE t (note text DEFAULT '${long}');`)).toEqual([]);
  });
});
