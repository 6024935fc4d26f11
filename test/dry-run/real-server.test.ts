import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import pg from 'pg';
import { generatedHistory } from '../../bench/dry-run-history.js';
import { SCRATCH_PREFIX } from '../../src/dry-run/server/scratch-database.js';
import { createServerDryRunner } from '../../src/dry-run/server/server-dry-run.js';
import { describeDryRunAssertions } from './dry-run-assertions.js';
import { changedFile, SHOP_BASE } from './dry-run-fixtures.js';

/**
 * The same assertions as the embedded dry run, against a real PostgreSQL (CI sets DATABASE_URL to
 * a local PostgreSQL 15): each run creates a scratch database there and drops it at the end.
 */

const databaseUrl = process.env.DATABASE_URL?.trim();

if (!databaseUrl) {
  describe('real PostgreSQL server', () => {
    it.skip('needs DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test) — skipped: it is not set', () => undefined);
  });
} else {
  const url = databaseUrl;
  let admin: pg.Client;
  let scratchBefore: string[];
  let rolesBefore: string[];
  const scratchDatabases = async () =>
    (
      await admin.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1 ORDER BY 1', [`${SCRATCH_PREFIX}%`])
    ).rows.map((row) => row.datname);
  const scratchRoles = async () =>
    (
      await admin.query<{ rolname: string }>('SELECT rolname FROM pg_roles WHERE rolname LIKE $1 ORDER BY 1', [`${SCRATCH_PREFIX}%`])
    ).rows.map((row) => row.rolname);

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: url });
    await admin.connect();
    scratchBefore = await scratchDatabases();
    rolesBefore = await scratchRoles();
  });

  afterAll(async () => {
    // Every scratch database this suite made is gone again (others' are left alone).
    expect(await scratchDatabases()).toEqual(scratchBefore);
    expect(await scratchRoles()).toEqual(rolesBefore);
    await admin.end();
  });

  describe('real PostgreSQL server (DATABASE_URL)', () => {
    describeDryRunAssertions((options) => createServerDryRunner({ databaseUrl: url, ...options }), {
      engine: /^PostgreSQL 1\d.*\(server, scratch database\)$/,
    });

    it('replays a base history of 300+ files in order on the scratch database', async () => {
      const change = changedFile('db/999_change.sql', ['ALTER TABLE table_1 ADD COLUMN extra text']);
      const result = await createServerDryRunner({ databaseUrl: url }).run({ base: generatedHistory(320), changes: [change] });
      expect(result.base).toMatchObject({ built: true, cached: false, files: 320, skipped: [] });
      expect(result.files[0]!.statements[0]).toMatchObject({ status: 'ok', locks: [{ relation: 'table_1', mode: 'ACCESS EXCLUSIVE' }] });
    });

    // 'switch': the session logs in as the URL's (super)user and switches to the scratch role, as on a
    // server that refuses the scratch role's login; the guard must then refuse every way back.
    it.each(['login', 'switch'] as const)(
      'never lets PR SQL reach the host (%s): refused statements are skipped and the trace goes on',
      async (confinement) => {
        const marker = `/tmp/dbarch-pwned-${randomBytes(6).toString('hex')}`;
        const dynamic = `DO $$ BEGIN EXECUTE format('%s (SELECT 1) TO %s %L', 'COPY', 'PRO' || 'GRAM', 'touch ${marker}-dynamic'); END $$`;
        const change = changedFile('db/002_pwn.sql', [
          `COPY (SELECT 1) TO PROGRAM 'touch ${marker}'`,
          dynamic,
          'SET SESSION AUTHORIZATION DEFAULT',
          `DO $$ BEGIN IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN RAISE EXCEPTION 'running as a superuser'; END IF; END $$`,
          'ALTER TABLE orders ADD COLUMN extra text',
          // The backend's login role is the scratch role only when it logged in as it.
          `DO $$ BEGIN IF ((SELECT usename FROM pg_stat_activity WHERE pid = pg_backend_pid()) = current_user) <> ('${confinement}' = 'login') THEN RAISE EXCEPTION 'not ${confinement}'; END IF; END $$`,
        ]);
        const result = await createServerDryRunner({ databaseUrl: url, confinement }).run({ base: SHOP_BASE, changes: [change] });
        const [copy, execute, reset, check, alter, how] = result.files[0]!.statements;
        expect(how!.status).toBe('ok'); // logged in as the scratch role, or switched to it
        expect(copy).toMatchObject({
          status: 'skipped',
          note: expect.stringMatching(/^not run on a real server: it could reach the host's files, programs or network/),
        });
        // Refused by the guard, or (connected as the scratch role) by PostgreSQL itself for lack of privilege.
        expect(execute).toMatchObject({ status: 'skipped', note: expect.stringMatching(/^not run on a real server/) });
        expect(reset).toMatchObject({ status: 'skipped' });
        expect(check!.status).toBe('ok');
        expect(alter).toMatchObject({ status: 'ok', locks: [{ relation: 'orders', mode: 'ACCESS EXCLUSIVE' }] });
        expect(existsSync(marker)).toBe(false);
        expect(existsSync(`${marker}-dynamic`)).toBe(false);
      },
    );

    it('skips host access in the base replay too, with a note', async () => {
      const marker = `/tmp/dbarch-pwned-${randomBytes(6).toString('hex')}`;
      const base = [
        ...SHOP_BASE,
        { path: 'db/001b_pwn.sql', content: `COPY (SELECT 1) TO PROGRAM 'touch ${marker}';\nCREATE TABLE after_pwn (id int);\n` },
      ];
      const result = await createServerDryRunner({ databaseUrl: url }).run({
        base,
        changes: [changedFile('db/002.sql', ['ALTER TABLE after_pwn ADD COLUMN x int'])],
      });
      expect(result.base.built).toBe(true);
      expect(result.base.skipped).toEqual([
        expect.objectContaining({ path: 'db/001b_pwn.sql', line: 1, message: expect.stringMatching(/^not run on a real server/) }),
      ]);
      expect(result.files[0]!.statements[0]!.status).toBe('ok');
      expect(existsSync(marker)).toBe(false);
    });

    it('says why when the server cannot be reached, and traces nothing', async () => {
      const unreachable = 'postgres://postgres@127.0.0.1:1/test';
      const result = await createServerDryRunner({ databaseUrl: unreachable, timeouts: { startMs: 2000 } }).run({
        base: [],
        changes: [changedFile('db/002.sql', ['SELECT 1'])],
      });
      expect(result.base.built).toBe(false);
      expect(result.notes.join(' ')).toMatch(/did not run on the PostgreSQL server/);
      expect(result.files[0]!.statements[0]!.status).toBe('not-run');
    });
  });
}
