import { describe, expect, it } from '@jest/globals';
import rule from '../../src/rules/detach-partition-non-concurrently.js';
import { applyFix, syntaxErrors } from '../helpers/apply-fix.js';
import { lintSql } from '../helpers/lint-sql.js';

const lint = (sql: string, options: Parameters<typeof lintSql>[1] = {}) => lintSql(sql, { ...options, rules: [rule] });

describe('detach-partition-non-concurrently', () => {
  it('underlines DETACH PARTITION and appends CONCURRENTLY on PostgreSQL 14+', async () => {
    const sql = 'ALTER TABLE measurements\n  DETACH PARTITION measurements_2019;';
    const [finding] = await lint(sql);
    expect(finding).toMatchObject({ line: 2, column: 3, endLine: 2, endColumn: 37, risk: 'downtime', severity: 'error' });
    expect(finding!.message).toMatchInlineSnapshot(
      `"DETACH PARTITION "measurements_2019" takes ACCESS EXCLUSIVE on partitioned table "measurements": every read and write on "measurements" and all its partitions waits, and the lock request itself queues behind queries already running, stopping new ones until it is granted. Use DETACH PARTITION … CONCURRENTLY, which takes only SHARE UPDATE EXCLUSIVE on "measurements" and lets reads and writes continue (it is refused when "measurements" has a default partition)."`,
    );
    const fixed = applyFix(sql, finding!);
    expect(fixed).toBe('ALTER TABLE measurements\n  DETACH PARTITION measurements_2019 CONCURRENTLY;');
    expect(await syntaxErrors(fixed)).toEqual([]);
    expect(await lint(fixed)).toEqual([]);
  });

  it('warns without a fix before PostgreSQL 14, unless a lock_timeout bounds the wait', async () => {
    const sql = 'ALTER TABLE measurements DETACH PARTITION measurements_2019;';
    const [finding] = await lint(sql, { pgVersion: 13 });
    expect(finding).toMatchObject({ severity: 'warning', risk: 'downtime' });
    expect(finding!.fix).toBeUndefined();
    expect(finding!.message).toContain('PostgreSQL 13 has no DETACH PARTITION CONCURRENTLY');
    expect(await lint(`SET lock_timeout = '2s';\n${sql}`, { pgVersion: 13 })).toEqual([]);
  });

  it('adds how to leave the transaction when the concurrent form would fail in it', async () => {
    const [finding] = await lint('ALTER TABLE measurements DETACH PARTITION m2019;', {
      implicitTransaction: true,
      tool: 'alembic',
      path: 'alembic/versions/1_x.py',
    });
    expect(finding!.message).toContain('autocommit_block');
  });

  it('does not report CONCURRENTLY, FINALIZE or partitioned tables created in the change', async () => {
    expect(await lint('ALTER TABLE measurements DETACH PARTITION m2019 CONCURRENTLY;')).toEqual([]);
    expect(await lint('ALTER TABLE measurements DETACH PARTITION m2019 FINALIZE;')).toEqual([]);
    const sql =
      "CREATE TABLE e (at date) PARTITION BY RANGE (at);\nCREATE TABLE e1 PARTITION OF e FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');\nALTER TABLE e DETACH PARTITION e1;";
    expect(await lint(sql)).toEqual([]);
  });
});
