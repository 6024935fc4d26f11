import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { defaultConfig } from '../../src/config/load-config.js';
import { createDryRunner, DATABASE_URL_IGNORED } from '../../src/dry-run/dry-runner.js';
import { scratchName, withDatabase } from '../../src/dry-run/server/scratch-database.js';
import { makeTempFolder, removeFolder } from '../collect/temp-folders.js';
import { runCli } from '../cli/run-cli.js';
import { changedFile, SHOP_BASE } from './dry-run-fixtures.js';

/**
 * The server dry run touches only a server the user named for it (DBARCH_DRY_RUN_DATABASE_URL,
 * never DATABASE_URL), and leaves nothing behind: not on SIGINT in the middle of a statement that
 * never ends, not from an earlier run that was killed. Needs the test server (DATABASE_URL, given to
 * the product as DBARCH_DRY_RUN_DATABASE_URL).
 */

const serverUrl = process.env.DATABASE_URL?.trim();

if (!serverUrl) {
  describe('server dry run safety', () => {
    it.skip('needs DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test) — skipped: it is not set', () => undefined);
  });
} else {
  const url = serverUrl;
  const suffix = randomBytes(4).toString('hex');
  let admin: pg.Client;
  const exists = async (catalog: 'pg_database' | 'pg_roles', name: string) => {
    const column = catalog === 'pg_database' ? 'datname' : 'rolname';
    return (await admin.query(`SELECT 1 FROM ${catalog} WHERE ${column} = $1`, [name])).rowCount === 1;
  };
  const until = async (check: () => Promise<boolean>, ms: number, stepMs = 100): Promise<boolean> => {
    const deadline = Date.now() + ms;
    for (;;) {
      if (await check()) return true;
      if (Date.now() > deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, stepMs));
    }
  };

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: url });
    await admin.connect();
  });
  afterAll(async () => {
    await admin.end();
  });

  describe('which server the dry run uses', () => {
    const dataDb = `h3_dryrun_app_${suffix}`;
    const dataUrl = withDatabase(url, dataDb);
    let root: string;

    beforeAll(async () => {
      await admin.query(`CREATE DATABASE ${dataDb}`);
      const app = new pg.Client({ connectionString: dataUrl });
      await app.connect();
      await app.query("CREATE TABLE accounts (id int PRIMARY KEY, name text); INSERT INTO accounts VALUES (1, 'a'), (2, 'b'), (3, 'c')");
      await app.end();
      root = makeTempFolder({ 'db/migrations/0001_drop.sql': 'DROP TABLE accounts;\nCREATE TABLE dbarch_was_here (id int);\n' });
    });
    afterAll(async () => {
      removeFolder(root);
      await admin.query(`DROP DATABASE IF EXISTS ${dataDb} WITH (FORCE)`);
    });

    it('leaves a database with data at DATABASE_URL untouched, and says once that DATABASE_URL was ignored', async () => {
      const saved = { app: process.env.DATABASE_URL, dbarch: process.env.DBARCH_DRY_RUN_DATABASE_URL };
      process.env.DATABASE_URL = dataUrl;
      delete process.env.DBARCH_DRY_RUN_DATABASE_URL;
      try {
        const run = await runCli(['review', 'db/migrations/0001_drop.sql', '--format', 'json', '--no-llm'], { cwd: root });
        const review = JSON.parse(run.stdout);
        expect(review.dryRun.engine).toMatch(/^PGlite/);
        expect(review.dryRun.notes.filter((note: string) => note === DATABASE_URL_IGNORED)).toHaveLength(1);
      } finally {
        process.env.DATABASE_URL = saved.app;
        if (saved.dbarch !== undefined) process.env.DBARCH_DRY_RUN_DATABASE_URL = saved.dbarch;
      }
      const app = new pg.Client({ connectionString: dataUrl });
      await app.connect();
      const rows = await app.query('SELECT count(*)::int AS n FROM accounts');
      const stray = await app.query("SELECT 1 FROM pg_class WHERE relname = 'dbarch_was_here'");
      await app.end();
      expect({ accounts: rows.rows[0].n, stray: stray.rowCount }).toEqual({ accounts: 3, stray: 0 });
    });

    it('runs on the server DBARCH_DRY_RUN_DATABASE_URL or --dry-run-database-url names', async () => {
      const runner = createDryRunner({ dryRun: true }, defaultConfig(), { DBARCH_DRY_RUN_DATABASE_URL: url, DATABASE_URL: dataUrl });
      expect(runner).not.toBe(false);
      const result = await (runner as Exclude<typeof runner, false>).run({
        base: SHOP_BASE,
        changes: [changedFile('db/002.sql', ['CREATE INDEX ON orders (total)'])],
      });
      expect(result.engine).toMatch(/\(server, scratch database\)$/);
      expect(result.notes).not.toContain(DATABASE_URL_IGNORED);
      const run = await runCli(['review', 'db/migrations/0001_drop.sql', '--format', 'json', '--no-llm', '--dry-run-database-url', url], {
        cwd: root,
      });
      expect(JSON.parse(run.stdout).dryRun.engine).toMatch(/\(server, scratch database\)$/);
    });
  });

  it('lists the statements the server guard skipped in the text, JSON, SARIF and markdown output', async () => {
    const root = makeTempFolder({ 'db/migrations/0001_copy.sql': "COPY (SELECT 1) TO PROGRAM 'true';\nCREATE TABLE kept (id int);\n" });
    try {
      const outputs = await Promise.all(
        ['text', 'json', 'sarif', 'markdown'].map(async (format) => {
          const argv = ['review', 'db/migrations/0001_copy.sql', '--format', format, '--no-llm', '--dry-run-database-url', url];
          // Markdown escapes the underscores of the path.
          return (await runCli(argv, { cwd: root })).stdout.replace(/\\_/g, '_');
        }),
      );
      for (const output of outputs) expect(output).toMatch(/0001_copy\.sql:1 not run: not run on a real server/);
    } finally {
      removeFolder(root);
    }
  }, 60_000);

  it('removes leftovers of a killed run older than an hour when a run starts', async () => {
    const leftover = scratchName(Date.now() - 2 * 60 * 60 * 1000);
    const recent = scratchName(Date.now() - 60 * 1000);
    for (const name of [leftover, recent]) {
      await admin.query(`CREATE ROLE ${name} NOLOGIN`);
      await admin.query(`CREATE DATABASE ${name} OWNER ${name}`);
    }
    try {
      const runner = createDryRunner({ dryRun: true }, defaultConfig(), { DBARCH_DRY_RUN_DATABASE_URL: url });
      const result = await (runner as Exclude<typeof runner, false>).run({ base: [], changes: [changedFile('db/001.sql', ['SELECT 1'])] });
      expect(result.notes).toContainEqual(expect.stringContaining(`removed leftovers of earlier dry runs older than an hour: ${leftover}`));
      expect([await exists('pg_database', leftover), await exists('pg_roles', leftover)]).toEqual([false, false]);
      // One that may still be running is left alone.
      expect([await exists('pg_database', recent), await exists('pg_roles', recent)]).toEqual([true, true]);
    } finally {
      for (const name of [leftover, recent]) {
        await admin.query(`DROP DATABASE IF EXISTS ${name}`);
        await admin.query(`DROP ROLE IF EXISTS ${name}`);
      }
    }
  }, 60_000);

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)(
    'on %s during a statement that never ends, leaves no database, role or backend of its own within 5 s',
    async (signal, exitCode) => {
      const marker = `h3_dryrun_loop_${suffix}_${signal.toLowerCase()}`;
      const root = makeTempFolder({
        'db/migrations/0001_loop.sql': `DO $$ BEGIN PERFORM '${marker}'; LOOP PERFORM 1; END LOOP; END $$;\n`,
      });
      const script = new URL('./fixtures/review-cli.ts', import.meta.url).pathname;
      const env: NodeJS.ProcessEnv = { ...process.env, DBARCH_DRY_RUN_DATABASE_URL: url };
      delete env.DATABASE_URL;
      // Run from the temp folder (PATH mode there), so tsx is named by its file, not resolved from that folder.
      const tsx = new URL('../../node_modules/tsx/dist/loader.mjs', import.meta.url).href;
      const child = spawn(
        process.execPath,
        ['--import', tsx, script, 'review', 'db/migrations/0001_loop.sql', '--no-llm', '--format', 'json'],
        {
          cwd: root,
          env,
          stdio: 'ignore',
        },
      );
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      try {
        let scratch: string | undefined;
        const looping = await until(async () => {
          const rows = await admin.query<{ datname: string }>(
            "SELECT datname FROM pg_stat_activity WHERE state = 'active' AND query LIKE $1 AND pid <> pg_backend_pid()",
            [`%${marker}%`],
          );
          scratch = rows.rows[0]?.datname;
          return scratch !== undefined;
        }, 90_000);
        expect(looping).toBe(true);
        await new Promise((resolve) => setTimeout(resolve, 2000));
        child.kill(signal);
        const clean = async () => {
          const backends = await admin.query(
            'SELECT 1 FROM pg_stat_activity WHERE (datname = $1 OR query LIKE $2) AND pid <> pg_backend_pid()',
            [scratch, `%${marker}%`],
          );
          return backends.rowCount === 0 && !(await exists('pg_database', scratch!)) && !(await exists('pg_roles', scratch!));
        };
        expect(await until(clean, 5000)).toBe(true);
        expect(await Promise.race([exited, new Promise((resolve) => setTimeout(() => resolve('still running'), 5000))])).toBe(exitCode);
      } finally {
        child.kill('SIGKILL');
        removeFolder(root);
      }
    },
    120_000,
  );
}
