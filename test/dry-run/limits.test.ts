import { describe, expect, it } from '@jest/globals';
import { dryRun } from '../../src/dry-run/embedded-dry-run.js';
import { changedFile, SHOP_BASE } from './dry-run-fixtures.js';
import { dryRunFindings, reviewWithDryRun } from './review-with-dry-run.js';

/**
 * Time limits of the embedded dry run (the real PGlite): a statement that never ends is an error
 * on that statement, a file whose budget runs out is reported on the file, and neither keeps the
 * later files from being traced.
 */

const SHOP = Object.fromEntries(SHOP_BASE.map((file) => [file.path, file.content]));

describe('dry-run limits', () => {
  it('makes a statement that never ends an error (downtime) on that statement, saying what was observed and the limit', async () => {
    const sql = ['SET statement_timeout = 0;', 'DO $$ BEGIN LOOP PERFORM 1; END LOOP; END $$;', 'SELECT 1;'].join('\n');
    const result = await reviewWithDryRun(
      { 'db/002_loop.sql': sql },
      { base: SHOP, mode: 'diff', dryRun: { timeouts: { statementMs: 1500 } } },
    );
    const [timeout, ...others] = dryRunFindings(result);
    expect(others).toEqual([]);
    expect(timeout).toMatchObject({ ruleId: 'dry-run-timeout', severity: 'error', risk: 'downtime', line: 2 });
    expect(timeout!.message).toMatch(
      /^In the dry run this statement was still running after 1500 ms \(the dry run's limit for one statement\)/,
    );
    expect(timeout!.message).toContain('hanging the deploy');
    expect(result.risk).toBe('downtime');
  }, 60_000);

  it('still traces the next file after one was stopped, on a fresh sandbox with the base', async () => {
    const result = await dryRun(
      {
        base: SHOP_BASE,
        baseComplete: true,
        changes: [
          changedFile('db/002.sql', ['CREATE INDEX orders_total_idx ON orders (total)', 'SELECT pg_sleep(1e6)']),
          changedFile('db/003.sql', ['CREATE INDEX orders_total_idx ON orders (total)']),
        ],
      },
      { timeouts: { statementMs: 1500 } },
    );
    const [stopped, next] = result.files;
    expect(stopped!.statements.map((trace) => trace.status)).toEqual(['ok', 'timeout']);
    // The same index name again: it runs because the state is the base's, without 002's index.
    expect(next!.statements[0]).toMatchObject({
      status: 'ok',
      created: ['orders_total_idx'],
      locks: [{ relation: 'orders', mode: 'SHARE' }],
    });
  }, 60_000);

  it('reports a file whose own budget runs out on the file, the same way on every run, and blames no statement', async () => {
    const lines = Array.from({ length: 400 }, (_, index) => `SELECT pg_sleep(0.01) AS step_${index};`);
    const review = () =>
      reviewWithDryRun(
        { 'db/002_many.sql': lines.join('\n') },
        { base: SHOP, mode: 'diff', dryRun: { timeouts: { statementMs: 2000, fileMs: 1500 } } },
      );
    const first = await review();
    const second = await review();
    const findings = dryRunFindings(first);
    expect(findings).toEqual([
      expect.objectContaining({
        ruleId: 'dry-run-timeout',
        severity: 'warning',
        risk: 'safe',
        line: 1,
        message: expect.stringContaining('time budget for this file (1500 ms for all its statements) ran out'),
      }),
    ]);
    expect(dryRunFindings(second)).toEqual(findings);
    expect(first.files[0]!.statements.some((statement) => statement.dryRun === 'timeout')).toBe(false);
  }, 120_000);
});
