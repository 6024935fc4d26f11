import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { declaredOrder, orderMigrations } from '../../src/classify/order-migrations.js';
import { createEmbeddedDryRunner } from '../../src/dry-run/embedded-dry-run.js';
import type { DryRunResult } from '../../src/dry-run/types.js';
import type { BaseFile } from '../../src/review-types/index.js';
import { loadSqlParser, parseSql } from '../../src/parse/sql/parse-sql.js';
import { maskPlaceholders } from '../../src/parse/sql/placeholders.js';
import { CORPORA } from '../helpers/corpora.js';

/**
 * Real migration histories from the corpora (`npm run corpora` fetches them into .corpora): put in
 * their tool's order (checked against the tool's own record of it: a plan, a LOADORDER, a config),
 * all but the last replayed as the base, the last traced. Where the tool sets something up before
 * the first file (an extension, a schema), a test says so and does the same. Whatever the embedded
 * PostgreSQL cannot run must come back as notes and findings, never as a throw. Skipped when
 * .corpora is absent.
 */

const PG_LIST = join(CORPORA, 'pg-sql.txt');
const PRISMA_LIST = join(CORPORA, 'prisma.txt');
const present = existsSync(PG_LIST) && existsSync(PRISMA_LIST);

function history(list: string, pattern: RegExp): BaseFile[] {
  const paths = readFileSync(list, 'utf8')
    .split('\n')
    .filter((path) => pattern.test(path));
  return paths.filter((path) => existsSync(join(CORPORA, path))).map(corpusFile);
}

/** A file of the corpora, listed or not (a plan, a LOADORDER, a config …). */
function corpusFile(path: string): BaseFile {
  return { path, content: readFileSync(join(CORPORA, path), 'utf8') };
}

/** Paths below `root`, for readable expectations. */
function relativeTo(root: string, files: readonly BaseFile[]): string[] {
  return files.map((file) => file.path.slice(root.length + 1));
}

/** "1.2.10a" → comparable version parts, for the expected order of numbered patches. */
function byVersion(a: string, b: string): number {
  const parts = (path: string) =>
    path
      .replace(/^.*\//, '')
      .replace(/\.sql$/, '')
      .split(/(\d+)/)
      .filter(Boolean);
  const [left, right] = [parts(a), parts(b)];
  for (let index = 0; index < Math.max(left.length, right.length); index++) {
    const [x, y] = [left[index] ?? '', right[index] ?? ''];
    const numeric = /^\d+$/.test(x) && /^\d+$/.test(y) ? Number(x) - Number(y) : x.localeCompare(y);
    if (numeric !== 0) return numeric;
  }
  return 0;
}

async function replayAndTraceLast(files: BaseFile[]): Promise<DryRunResult> {
  await loadSqlParser();
  const last = files[files.length - 1]!;
  const statements = parseSql(last.content)
    .statements.filter((statement) => statement.kind !== 'Empty')
    .map((statement, index) => ({
      index,
      // Placeholders as stand-in names, as the engine gives them to the dry run (engine/evidence/dry-run-input.ts).
      text: maskPlaceholders(statement.text),
      line: statement.range.line,
      endLine: statement.range.endLine,
      inTransaction: true,
      kind: statement.kind,
    }));
  return createEmbeddedDryRunner().run({ base: files.slice(0, -1), changes: [{ path: last.path, statements }] });
}

function expectReportedNotThrown(result: DryRunResult, baseFiles: number): void {
  expect(result.base.files).toBe(baseFiles);
  expect(result.notes.filter((note) => note.startsWith('the dry run did not run'))).toEqual([]);
  for (const note of result.base.skipped) expect(note.message).toMatch(/^(skipped|base replay stopped)/);
  const trace = result.files[0]!;
  expect(trace.statements.length).toBeGreaterThan(0);
  for (const statement of trace.statements) {
    if (statement.status === 'failed') expect(statement.error).toMatchObject({ message: expect.any(String), code: expect.any(String) });
  }
}

(present ? describe : describe.skip)(
  `migration histories from the corpora${present ? '' : ' (skipped: no .corpora; run npm run corpora)'}`,
  () => {
    it('replays umami’s Prisma migrations in folder order and traces the last one cleanly', async () => {
      const files = orderMigrations(history(PRISMA_LIST, /\/db\/postgresql\/migrations\/.*\/migration\.sql$/));
      expect(files.map((file) => file.path.split('/').at(-2))).toEqual([
        '01_init',
        '02_report_schema_session_data',
        '03_metric_performance_index',
        '04_team_redesign',
      ]);
      const result = await replayAndTraceLast(files);
      expectReportedNotThrown(result, 3);
      expect(result.base).toMatchObject({ built: true, skipped: [] });
      expect(result.files[0]!.statements.filter((statement) => statement.status !== 'ok')).toEqual([]);
    }, 120_000);

    it('replays DAViCal’s numbered patches in version order on an incomplete base, reporting what fails', async () => {
      const files = orderMigrations(history(PG_LIST, /\/davical\/dba\/patches\/[\d.]+[a-z]?\.sql$/));
      expect(files.length).toBeGreaterThan(30);
      expect(files.map((file) => file.path)).toEqual([...files.map((file) => file.path)].sort(byVersion));
      const result = await replayAndTraceLast(files);
      expectReportedNotThrown(result, files.length - 1);
      // The patches assume DAViCal's base schema (dba/davical.sql), which is not among them.
      expect(result.base.skipped.length).toBeGreaterThan(0);
    }, 180_000);

    it('replays a pgpm package in its pgpm.plan’s order, across the folders its change names make', async () => {
      const root = 'npm/pgpm-database-jobs-0.16.0/package';
      const plan = corpusFile(`${root}/pgpm.plan`);
      const files = orderMigrations(history(PG_LIST, new RegExp(`^${root}/deploy/`)), declaredOrder([plan]));
      // The plan's change lines (not %pragmas), each deployed from deploy/<name>.sql.
      const planned = plan.content
        .split('\n')
        .filter((line) => /^[a-z]/.test(line))
        .map((line) => `deploy/${line.split(' ')[0]}.sql`);
      expect(planned).toHaveLength(35);
      expect(relativeTo(root, files)).toEqual(planned);
      expect(relativeTo(root, files).at(0)).toBe('deploy/schemas/app_jobs/schema.sql');
      expect(relativeTo(root, files).at(-1)).toBe('deploy/schemas/app_jobs/procedures/add_job.sql');
      // pgpm creates the extensions the package's .control file requires before it deploys (the
      // tables call public.gen_random_uuid() from pgcrypto); the dry run is given them first.
      expect(corpusFile(`${root}/pgpm-database-jobs.control`).content).toMatch(/^requires = '.*uuid-ossp,pgcrypto/m);
      const requires = { path: `${root}/(pgpm requires).sql`, content: 'CREATE EXTENSION "uuid-ossp";\nCREATE EXTENSION pgcrypto;\n' };
      const result = await replayAndTraceLast([requires, ...files]);
      expectReportedNotThrown(result, files.length);
      expect(result.base.built).toBe(true);
      // In plan order every table, type and function exists when used: the only statements that
      // fail are the GRANTs to a role that another package creates.
      expect(result.base.skipped.length).toBeGreaterThan(0);
      for (const note of result.base.skipped) expect(note.message).toBe('skipped (42704): role "administrator" does not exist');
      expect(result.files[0]!.statements.filter((statement) => statement.status === 'failed')).toEqual([]);
      expect(result.files[0]!.statements.some((statement) => statement.status === 'ok')).toBe(true);
    }, 120_000);

    describe('graphile-worker’s numbered migrations', () => {
      const root = 'npm/graphile-worker-0.17.3/package';
      const migrations = () => orderMigrations(history(PG_LIST, new RegExp(`^${root}/sql/\\d{6}\\.sql$`)));

      it('come in the order its migrate() runs them: the key order of its generated dist/generated/sql.js', () => {
        const generated = corpusFile(`${root}/dist/generated/sql.js`).content;
        const runOrder = [...generated.matchAll(/^\s*"(\d{6}\.sql)": String\.raw/gm)].map((match) => `sql/${match[1]}`);
        expect(runOrder).toHaveLength(19);
        expect(relativeTo(root, migrations())).toEqual(runOrder);
      });

      it('replay cleanly with the schema placeholder filled in the way migrate() does', async () => {
        // migrate() creates the schema, then runs each file with :GRAPHILE_WORKER_SCHEMA replaced.
        const files = migrations().map((file) => ({
          ...file,
          content: file.content.replace(/:GRAPHILE_WORKER_SCHEMA\b/g, 'graphile_worker'),
        }));
        const install = { path: `${root}/(installSchema).sql`, content: 'CREATE SCHEMA graphile_worker;\n' };
        const result = await replayAndTraceLast([install, ...files]);
        expectReportedNotThrown(result, files.length);
        expect(result.base).toMatchObject({ built: true, skipped: [] });
        expect(result.files[0]!.statements.filter((statement) => statement.status !== 'ok')).toEqual([]);
      }, 120_000);

      it('as written, run with the placeholder as a stand-in name: the schema it names, once created, holds the tables', async () => {
        // The dry run runs :GRAPHILE_WORKER_SCHEMA as _GRAPHILE_WORKER_SCHEMA in every file; migrate()
        // creates that schema before the first file, so the base is given it under the same placeholder.
        const install = { path: `${root}/(installSchema).sql`, content: 'CREATE SCHEMA :GRAPHILE_WORKER_SCHEMA;\n' };
        const result = await replayAndTraceLast([install, ...migrations()]);
        expectReportedNotThrown(result, migrations().length);
        expect(result.base.built).toBe(true);
        // What is left: placeholders inside quoted text (migrate() replaces those too, psql would
        // not, so they stay as written) and what follows from them; never the missing schema.
        expect(result.base.skipped.length).toBeLessThan(15);
        expect(result.base.skipped.filter((note) => note.message.startsWith('skipped (3F000)'))).toEqual([]);
        expect(result.files[0]!.statements.filter((statement) => statement.status === 'ok').length).toBeGreaterThan(0);
      }, 120_000);

      it('as written, without the schema migrate() creates, report the missing schema, never a syntax error', async () => {
        const files = migrations();
        const result = await replayAndTraceLast(files);
        expectReportedNotThrown(result, files.length - 1);
        expect(result.base.built).toBe(true);
        expect(result.base.skipped.length).toBeGreaterThan(100);
        const codes = new Set(result.base.skipped.map((note) => /^skipped \((\w+)\)/.exec(note.message)?.[1]));
        expect(codes.has('3F000')).toBe(true);
        expect(codes.has('42601')).toBe(false);
      }, 120_000);
    });

    it('replays LedgerSMB’s schema and its changes in the order of sql/changes/LOADORDER', async () => {
      const root = 'x/ledgersmb/usr/share/ledgersmb/sql';
      const loadOrder = corpusFile(`${root}/changes/LOADORDER`);
      // LedgerSMB loads Pg-database.sql, then each change LOADORDER lists ('!' marks a change whose
      // errors it ignores; '#' starts a comment).
      const listed = loadOrder.content
        .split('\n')
        .map((line) => line.replace(/#.*/, '').trim())
        .filter(Boolean);
      const errorsIgnored = new Set(listed.filter((line) => line.startsWith('!')).map((line) => `changes/${line.slice(1)}`));
      const changes = history(PG_LIST, new RegExp(`^${root}/changes/`));
      const files = orderMigrations([corpusFile(`${root}/Pg-database.sql`), ...changes], declaredOrder([loadOrder]));
      expect(relativeTo(root, files)).toEqual(['Pg-database.sql', ...listed.map((line) => `changes/${line.replace(/^!/, '')}`)]);
      // By name, 1.4/account-heading-fix.sql would come first.
      expect(relativeTo(root, files).slice(0, 3)).toEqual([
        'Pg-database.sql',
        'changes/1.4/menu-cleanup.sql',
        'changes/1.4/location-fixes.sql',
      ]);
      expect(relativeTo(root, files).at(-1)).toBe('changes/1.6/more-indices.sql');

      const result = await replayAndTraceLast(files);
      expectReportedNotThrown(result, files.length - 1);
      expect(result.base.built).toBe(true);
      expect(result.base.skipped.filter((note) => errorsIgnored.has(note.path.slice(root.length + 1))).length).toBeGreaterThan(10);
      // What fails is what LedgerSMB itself expects to fail (legacy fixes already in Pg-database.sql),
      // or menu rows whose parents Pg-database.sql loads with COPY … FROM stdin, which the dry run skips.
      for (const note of result.base.skipped) {
        const path = note.path.slice(root.length + 1);
        if (path === 'Pg-database.sql') expect(note.message).toMatch(/^skipped: COPY … FROM STDIN: the rows that follow are data/);
        else if (!errorsIgnored.has(path))
          expect(note.message).toMatch(/^skipped \(23503\): .* on table "menu_(node|attribute)" violates foreign key/);
      }
      expect(result.files[0]!.statements.filter((statement) => statement.status !== 'ok')).toEqual([]);
    }, 120_000);

    it('replays GNUmed’s v14→v15 step in its bootstrap config’s order (static bundle, then dynamic), reporting what it could not check without v14', async () => {
      // A subset of the history: the step alone, without the v2 base and the twelve steps before it
      // (they also need the roles and audit tables GNUmed's Python bootstrapper creates), so most
      // statements fail on missing schemas; and without the 20 MB thesaurus load that the config
      // leaves out (commented out).
      const server = 'x/gnumed-server/var/lib/gnumed/server';
      const root = `${server}/sql/v14-v15`;
      const config = corpusFile(`${server}/bootstrap/update_db-v14_v15.conf`);
      const step = history(PG_LIST, new RegExp(`^${root}/(static|dynamic)/`)).filter((file) => !file.path.endsWith('-thesaurus.sql'));
      const files = orderMigrations(step, declaredOrder([config]));
      const bundle = (name: string) =>
        new RegExp(`\\[bundle ${name}\\][^[]*?schema = \\$schema\\$\\n([^$]*)\\$schema\\$`)
          .exec(config.content)![1]!
          .split('\n')
          .filter(Boolean);
      const listed = [
        ...bundle('v14-v15-static').map((name) => `static/${name}`),
        ...bundle('v14-v15-dynamic').map((name) => `dynamic/${name}`),
      ];
      expect(listed).toHaveLength(66);
      expect(relativeTo(root, files)).toEqual(listed);
      // Not by name: the dynamic bundle starts with audit, notification and i18n helpers.
      expect(relativeTo(root, files).slice(16, 21)).toEqual([
        'static/v15-ref-icpc2-static.sql',
        'dynamic/v15-audit-register_table_for_auditing.sql',
        'dynamic/v15-gm-register_notifying_table.sql',
        'dynamic/v15-i18n-dynamic.sql',
        'dynamic/v15-i18n-de.sql',
      ]);
      expect(relativeTo(root, files).at(-1)).toBe('dynamic/v15-release_notes-dynamic.sql');

      const result = await replayAndTraceLast(files);
      expectReportedNotThrown(result, files.length - 1);
      expect(result.base.built).toBe(true);
      expect(result.base.skipped.length).toBeGreaterThan(result.base.statements / 2);
      expect(result.base.skipped.some((note) => note.message === 'skipped (3F000): schema "dem" does not exist')).toBe(true);
      // The release notes go into a table v14 created: without v14 the statement cannot be checked,
      // which the trace says (a stand-in could not be made for a table it inserts rows into).
      expect(result.files[0]!.statements).toEqual([
        expect.objectContaining({
          status: 'skipped',
          note: expect.stringMatching(/^could not check: relation "dem\.message_inbox" does not exist/),
        }),
      ]);
    }, 120_000);
  },
);
