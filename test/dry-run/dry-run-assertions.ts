import { beforeAll, describe, expect, it } from '@jest/globals';
import type { DryRunInput, DryRunOptions, DryRunResult, DryRunner, StatementTrace } from '../../src/dry-run/types.js';
import { changedFile, SHOP_BASE } from './dry-run-fixtures.js';

/**
 * What every dry-run engine must observe (embedded PGlite, a real server): lock modes, rewrites,
 * failures, limits. Each engine's suite calls describeDryRunAssertions with its own runner.
 */

const lockOf = (trace: StatementTrace, relation: string) => trace.locks.find((lock) => lock.relation === relation)?.mode;

export interface EngineExpectations {
  /** What DryRunResult.engine looks like. */
  engine: RegExp;
}

export function describeDryRunAssertions(
  makeRunner: (options: Pick<DryRunOptions, 'timeouts'>) => DryRunner,
  expected: EngineExpectations,
): void {
  const run = (input: DryRunInput, options: Pick<DryRunOptions, 'timeouts'> = {}): Promise<DryRunResult> => makeRunner(options).run(input);

  describe('tracing a migration on the base schema', () => {
    let result: DryRunResult;
    let traces: StatementTrace[];

    beforeAll(async () => {
      result = await run({
        base: SHOP_BASE,
        changes: [
          changedFile(
            'db/002_change.sql',
            [
              'CREATE INDEX orders_total_idx ON orders (total)',
              'CREATE INDEX CONCURRENTLY orders_note_idx ON orders (note)',
              'ALTER TABLE orders ALTER COLUMN total TYPE bigint',
              'ALTER TABLE orders ALTER COLUMN note TYPE varchar(200)',
              'ALTER TABLE customers ALTER COLUMN email SET NOT NULL',
              'ALTER TABLE customers ADD CONSTRAINT customers_name_not_null CHECK (name IS NOT NULL) NOT VALID',
              'ALTER TABLE customers VALIDATE CONSTRAINT customers_name_not_null',
              'ALTER TABLE customers ALTER COLUMN name SET NOT NULL',
              'ALTER TABLE items ADD CONSTRAINT items_order_fk FOREIGN KEY (order_id) REFERENCES orders (id) NOT VALID',
              'ALTER TABLE items VALIDATE CONSTRAINT items_order_fk',
              'CREATE TABLE refunds (id int PRIMARY KEY, order_id int REFERENCES orders (id))',
            ],
            { outside: [1] },
          ),
        ],
      });
      traces = result.files[0]!.statements;
    });

    it('builds the base and traces every statement', () => {
      expect(result.base).toMatchObject({ built: true, files: 1, statements: 3, skipped: [] });
      expect(result.engine).toMatch(expected.engine);
      expect(traces.map((trace) => [trace.line, trace.status, trace.error?.message])).toEqual(
        traces.map((trace) => [trace.line, 'ok', undefined]),
      );
      expect(traces.every((trace) => typeof trace.durationMs === 'number')).toBe(true);
    });

    it('sees CREATE INDEX take SHARE, and runs CONCURRENTLY outside a transaction', () => {
      expect(traces[0]!.locks).toEqual([{ relation: 'orders', mode: 'SHARE', blocks: expect.stringContaining('writes') }]);
      expect(traces[0]!.created).toEqual(['orders_total_idx']);
      expect(traces[1]).toMatchObject({ status: 'ok', transaction: 'none', locksObserved: false, created: ['orders_note_idx'] });
    });

    it('sees int → bigint rewrite the table and its indexes, and varchar widening rewrite nothing', () => {
      expect(traces[2]!.rewrittenTables).toEqual(['orders']);
      expect(traces[2]!.rewrites).toEqual(expect.arrayContaining(['orders', 'orders_pkey', 'orders_total_idx']));
      expect(lockOf(traces[2]!, 'orders')).toBe('ACCESS EXCLUSIVE');
      expect(traces[3]!.rewrites).toEqual([]);
      expect(lockOf(traces[3]!, 'orders')).toBe('ACCESS EXCLUSIVE');
    });

    it('sees SET NOT NULL take ACCESS EXCLUSIVE with and without a validated CHECK, without a rewrite', () => {
      expect(lockOf(traces[4]!, 'customers')).toBe('ACCESS EXCLUSIVE');
      expect(lockOf(traces[6]!, 'customers')).toBe('SHARE UPDATE EXCLUSIVE');
      expect(lockOf(traces[7]!, 'customers')).toBe('ACCESS EXCLUSIVE');
      expect(traces[4]!.rewrites).toEqual([]);
      expect(traces[7]!.rewrites).toEqual([]);
    });

    it('sees FOREIGN KEY … NOT VALID and VALIDATE take their documented modes on both tables', () => {
      expect(traces[8]!.locks.map((lock) => [lock.relation, lock.mode])).toEqual([
        ['items', 'SHARE ROW EXCLUSIVE'],
        ['orders', 'SHARE ROW EXCLUSIVE'],
      ]);
      expect(lockOf(traces[9]!, 'items')).toBe('SHARE UPDATE EXCLUSIVE');
      expect(lockOf(traces[9]!, 'orders')).toBe('ROW SHARE');
    });

    it('sees the columns and constraints of existing tables each statement changed', () => {
      expect(traces[2]!.columns).toEqual([{ table: 'orders', column: 'total', change: 'type', from: 'integer', to: 'bigint' }]);
      expect(traces[3]!.columns).toEqual([
        { table: 'orders', column: 'note', change: 'type', from: 'character varying(100)', to: 'character varying(200)' },
      ]);
      expect(traces[4]!.columns).toEqual([{ table: 'customers', column: 'email', change: 'not null' }]);
      expect(traces[5]!.constraints).toEqual([
        { table: 'customers', name: 'customers_name_not_null', type: 'check', change: 'added', validated: false },
      ]);
      expect(traces[6]!.constraints).toEqual([{ table: 'customers', name: 'customers_name_not_null', type: 'check', change: 'validated' }]);
      expect(traces[8]!.constraints).toEqual([
        { table: 'items', name: 'items_order_fk', type: 'foreign key', change: 'added', validated: false },
      ]);
      expect(traces[9]!.constraints).toEqual([{ table: 'items', name: 'items_order_fk', type: 'foreign key', change: 'validated' }]);
      // An index or a new table changes no column of an existing one.
      expect(traces[0]!.columns).toBeUndefined();
      expect(traces[10]!.columns).toBeUndefined();
    });

    it('leaves the statement’s own new objects out of its locks', () => {
      expect(traces[10]!.created).toContain('refunds');
      expect(traces[10]!.locks.map((lock) => lock.relation)).toEqual(['orders']);
    });
  });

  describe('failures and limits', () => {
    it('reports a statement that fails on a complete base there, and still traces the next file on the state before it', async () => {
      const result = await run({
        base: SHOP_BASE,
        baseComplete: true,
        changes: [
          changedFile('db/002.sql', ['CREATE INDEX ON orders (total)', 'SELECT 1', 'CREATE INDEX ON orders (shipped_at)', 'SELECT 2']),
          changedFile('db/003.sql', ['CREATE INDEX orders_total_idx2 ON orders (total)']),
        ],
      });
      const [first, second] = result.files;
      expect(first!.statements.map((trace) => trace.status)).toEqual(['ok', 'ok', 'failed', 'not-run']);
      expect(first!.statements[2]).toMatchObject({ line: 3, error: { code: '42703', message: 'column "shipped_at" does not exist' } });
      // Traced on the base without 002's index (restored): its lock is on orders alone.
      expect(second!.statements[0]).toMatchObject({ status: 'ok', locks: [{ relation: 'orders', mode: 'SHARE' }] });
      expect(second!.statements[0]!.created).toEqual(['orders_total_idx2']);
    });

    it('fails ADD COLUMN … NOT NULL without a default on a table with rows (sample rows put in)', async () => {
      const result = await run({
        base: SHOP_BASE,
        changes: [changedFile('db/002.sql', ['ALTER TABLE orders ADD COLUMN shipped boolean NOT NULL'])],
      });
      expect(result.files[0]!.statements[0]).toMatchObject({ status: 'failed', error: { code: '23502' }, seededTables: ['orders'] });
    });

    it('stops a statement that hangs, within the statement limit, and says so', async () => {
      const started = Date.now();
      const result = await run(
        // The migration's own SET statement_timeout = 0 must not lift the dry run's limit.
        { base: SHOP_BASE, changes: [changedFile('db/002.sql', ['SET statement_timeout = 0', 'SELECT pg_sleep(1e6)', 'SELECT 2'])] },
        { timeouts: { statementMs: 1500 } },
      );
      expect(Date.now() - started).toBeLessThan(20_000);
      const statuses = result.files[0]!.statements.map((trace) => trace.status);
      expect(statuses).toEqual(['ok', 'timeout', 'not-run']);
      expect(result.files[0]!.statements[1]!.error).toMatchObject({ code: 'timeout', message: expect.stringContaining('1500 ms') });
    });

    it('skips base statements the engine cannot run, with a note, and still builds the base', async () => {
      const base = [
        {
          path: 'db/001.sql',
          content:
            "CREATE EXTENSION dbarch_no_such_extension;\nCREATE TABLE places (id int PRIMARY KEY);\nCOPY places FROM '/etc/passwd';\n",
        },
      ];
      const result = await run({ base, changes: [changedFile('db/002.sql', ['ALTER TABLE places ADD COLUMN name text'])] });
      expect(result.base.built).toBe(true);
      expect(result.base.skipped.map((note) => note.line)).toEqual([1, 3]);
      expect(result.files[0]!.statements[0]!.status).toBe('ok');
    });
  });

  it('stops an endless recursive query within the statement limit', async () => {
    const started = Date.now();
    const endless = 'WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r';
    const result = await run(
      { base: SHOP_BASE, changes: [changedFile('db/002.sql', [endless, 'SELECT 2'])] },
      { timeouts: { statementMs: 1500 } },
    );
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(['timeout', 'failed']).toContain(result.files[0]!.statements[0]!.status);
    expect(result.files[0]!.statements[1]!.status).toBe('not-run');
  });
}
