import { describe, expect, it } from '@jest/globals';
import rule from '../../src/rules/partitioned-table-index.js';
import { lintSql } from '../helpers/lint-sql.js';

const lint = (sql: string, options: Parameters<typeof lintSql>[1] = {}) => lintSql(sql, { ...options, rules: [rule] });
const base = 'CREATE TABLE measurements (city_id bigint NOT NULL, logged_on date NOT NULL) PARTITION BY RANGE (logged_on);';

describe('partitioned-table-index', () => {
  it('reports CREATE INDEX on a partitioned parent of the base schema as downtime', async () => {
    const [finding] = await lint('SELECT 1;\nCREATE INDEX measurements_city_idx\n  ON measurements (city_id);', { base });
    expect(finding).toMatchObject({ line: 2, column: 1, endLine: 3, endColumn: 28, risk: 'downtime', severity: 'error' });
    expect(finding!.message).toMatchInlineSnapshot(
      `"CREATE INDEX on partitioned table "measurements" builds the index on every partition in one transaction, keeping each partition locked against writes until the last build finishes: inserts, updates and deletes on all of "measurements" wait, for a time that grows with the whole table. CONCURRENTLY is not available on a partitioned parent; build it per partition: CREATE INDEX … ON ONLY the parent (instant, the index starts invalid), CREATE INDEX CONCURRENTLY the same index on each partition, then ALTER INDEX parent_index ATTACH PARTITION partition_index for each; the parent index becomes valid once every partition is attached."`,
    );
  });

  it('reports CREATE INDEX CONCURRENTLY on a partitioned parent as a failing statement', async () => {
    const [finding] = await lint('CREATE INDEX CONCURRENTLY measurements_city_idx ON measurements (city_id);', { base });
    expect(finding).toMatchObject({ risk: 'safe', severity: 'error' });
    expect(finding!.message).toContain('PostgreSQL refuses it');
  });

  it('reports UNIQUE and PRIMARY KEY on the parent, underlining the constraint', async () => {
    const findings = await lint('ALTER TABLE measurements ADD UNIQUE (city_id, logged_on), ADD PRIMARY KEY (city_id, logged_on);', {
      base,
    });
    expect(findings.map((finding) => [finding.column, finding.message.split(' to partitioned')[0]])).toEqual([
      [30, 'Adding UNIQUE'],
      [63, 'Adding PRIMARY KEY'],
    ]);
    expect(findings[1]!.message).toContain('must already be NOT NULL on every partition');
  });

  it('accepts the per-partition way: ON ONLY, ALTER TABLE ONLY, and partitions themselves', async () => {
    expect(await lint('CREATE INDEX measurements_city_idx ON ONLY measurements (city_id);', { base })).toEqual([]);
    expect(await lint('ALTER TABLE ONLY measurements ADD UNIQUE (city_id, logged_on);', { base })).toEqual([]);
    const partition = `${base}\nCREATE TABLE measurements_2024 PARTITION OF measurements FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');`;
    expect(await lint('CREATE INDEX CONCURRENTLY m2024_city_idx ON measurements_2024 (city_id);', { base: partition })).toEqual([]);
  });

  it('stays quiet for tables not known to be partitioned and for partitioned tables new in the change', async () => {
    expect(await lint('CREATE INDEX measurements_city_idx ON measurements (city_id);')).toEqual([]);
    expect(await lint(`${base}\nCREATE INDEX measurements_city_idx ON measurements (city_id);`)).toEqual([]);
  });
});
