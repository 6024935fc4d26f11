import { describe, expect, it } from '@jest/globals';
import { copyNotRun } from '../../src/dry-run/copy-not-run.js';
import { dryRun } from '../../src/dry-run/embedded-dry-run.js';
import { changedFile, SHOP_BASE } from './dry-run-fixtures.js';

/**
 * What the embedded PostgreSQL cannot survive is never blamed on the migration: COPY … PROGRAM
 * (PGlite 0.5.16 answers it, then hangs on the next query; in a DO block it aborts) is not run, and
 * a crash while a statement runs leaves that statement "not checked" and the next files traced.
 * A server file the dry run's server lacks is no failure of the migration either.
 * Before: a 10 s dry-run-timeout error ("may never end … hanging the deploy") on a COPY that takes
 * milliseconds, or the whole dry run lost ("the dry run did not run: ERRORDATA_STACK_SIZE exceeded").
 */

describe('COPY in the dry run', () => {
  it.each([
    ["COPY (SELECT 1) TO PROGRAM 'true'", /^COPY … PROGRAM: the dry run runs no commands/],
    ["COPY orders FROM PROGRAM 'curl -s https://example.com/x'", /^COPY … PROGRAM/],
    ['COPY orders (id, total) FROM STDIN', /^COPY … FROM STDIN: the rows that follow are data/],
    ["COPY orders TO '/tmp/orders.csv'", /^COPY with a file name/],
    ["COPY orders FROM '/etc/passwd'", /^COPY with a file name/],
    ["DO $$ BEGIN COPY (SELECT 1) TO PROGRAM 'id'; END $$", /^a DO block that runs COPY … PROGRAM/],
  ])('leaves out %s', (sql, reason) => {
    expect(copyNotRun(sql)).toMatch(reason);
  });

  it.each([
    "COPY orders TO STDOUT WITH (NULL 'PROGRAM ')",
    'COPY (SELECT * FROM orders) TO STDOUT',
    "DO $$ BEGIN PERFORM 'no program'; END $$",
  ])('runs %s', (sql) => {
    expect(copyNotRun(sql)).toBeUndefined();
  });

  it('lists COPY … PROGRAM and a DO block running one as not run, and traces the statements after them', async () => {
    const result = await dryRun({
      base: SHOP_BASE,
      baseComplete: true,
      changes: [
        changedFile('db/002.sql', [
          "COPY (SELECT 1) TO PROGRAM 'true'",
          "DO $$ BEGIN COPY (SELECT 1) TO PROGRAM 'true'; END $$",
          'CREATE INDEX orders_total_idx ON orders (total)',
        ]),
      ],
    });
    const [copy, block, index] = result.files[0]!.statements;
    expect(copy).toMatchObject({ status: 'skipped', note: expect.stringMatching(/^COPY … PROGRAM/) });
    expect(block).toMatchObject({ status: 'skipped', note: expect.stringMatching(/^a DO block that runs COPY … PROGRAM/) });
    expect(index).toMatchObject({ status: 'ok', locks: [{ relation: 'orders', mode: 'SHARE' }] });
  }, 60_000);

  it("leaves a read of a server file the dry run's server lacks not checked, instead of a failure of the migration", async () => {
    const result = await dryRun({
      base: SHOP_BASE,
      baseComplete: true,
      changes: [changedFile('db/002.sql', ["SELECT pg_read_file('/etc/passwd')", 'CREATE INDEX orders_total_idx ON orders (total)'])],
    });
    const [read, index] = result.files[0]!.statements;
    expect(read).toMatchObject({
      status: 'skipped',
      note: expect.stringMatching(/could not open file .*: the dry run's server does not have the database server's files$/),
    });
    expect(index).toMatchObject({ status: 'ok' });
  }, 60_000);

  it('leaves a statement that crashes the embedded PostgreSQL not checked, with the crash, and traces the next file on a fresh sandbox', async () => {
    const result = await dryRun({
      base: SHOP_BASE,
      baseComplete: true,
      changes: [
        changedFile('db/002.sql', [
          "CREATE FUNCTION export_orders() RETURNS void LANGUAGE plpgsql AS $f$ BEGIN COPY (SELECT 1) TO PROGRAM 'true'; END $f$",
          'SELECT export_orders()',
          'CREATE INDEX orders_total_idx ON orders (total)',
        ]),
        changedFile('db/003.sql', ['CREATE INDEX orders_total_idx ON orders (total)']),
      ],
    });
    expect(result.notes.join('\n')).not.toMatch(/did not run/);
    const [crashed, next] = result.files;
    expect(crashed!.statements.map((trace) => trace.status)).toEqual(['ok', 'skipped', 'not-run']);
    expect(crashed!.statements[1]!.note).toMatch(/^the embedded PostgreSQL failed: .+: nothing was observed for this statement$/);
    expect(crashed!.statements[1]!.error).toBeUndefined();
    // The state is the base's again: the same index name runs.
    expect(next!.statements[0]).toMatchObject({ status: 'ok', created: ['orders_total_idx'] });
  }, 60_000);
});
