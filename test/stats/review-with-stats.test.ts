import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfig } from '../../src/config/load-config.js';
import { review } from '../../src/engine/review.js';
import type { Finding, Review } from '../../src/review-types/index.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { exportStats } from '../../src/stats/export-stats.js';
import type { StatsSnapshot } from '../../src/stats/stats-snapshot.js';
import { runCli } from '../cli/run-cli.js';
import { createStatsDatabase, type StatsDatabase } from './stats-database.js';

/**
 * The same migration reviewed without and with statistics exported from the real PostgreSQL server
 * (DATABASE_URL): a 40-row table and a 2 M-row one. With stats the small table's index drops to a
 * notice that says why, the big table's findings keep their risk and gain size, estimate and queue
 * text, and a table the snapshot does not know keeps its verdict.
 */
const serverUrl = process.env.DATABASE_URL?.trim();

const MIGRATION = [
  'CREATE INDEX countries_name_idx ON countries (name);',
  'CREATE INDEX orders_country_idx ON orders (country);',
  'ALTER TABLE orders ADD COLUMN token uuid DEFAULT gen_random_uuid();',
  'ALTER TABLE invoices ALTER COLUMN total SET NOT NULL;',
  '',
].join('\n');
const PATH = 'migrations/0002_indexes.sql';

function reviewMigration(tableStats?: StatsSnapshot): Promise<Review> {
  const changeset = { files: [{ path: PATH, status: 'added' as const, content: MIGRATION }], mode: 'paths' as const };
  return review(changeset, defaultConfig(), { tableStats });
}

function findingAt(result: Review, line: number, ruleId: string): Finding {
  const finding = result.findings.find((candidate) => candidate.line === line && candidate.ruleId === ruleId);
  if (!finding) throw new Error(`no ${ruleId} on line ${line}: ${result.findings.map((f) => `${f.line} ${f.ruleId}`).join(', ')}`);
  return finding;
}

if (!serverUrl) {
  describe('review with production statistics (real PostgreSQL)', () => {
    it.skip('needs DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test) — skipped: it is not set', () => undefined);
  });
} else {
  describe('review with production statistics (real PostgreSQL, DATABASE_URL)', () => {
    let database: StatsDatabase;
    let snapshot: StatsSnapshot;
    let without: Review;
    let withStats: Review;

    beforeAll(async () => {
      database = await createStatsDatabase(serverUrl);
      snapshot = await exportStats(database.writerUrl);
      without = await reviewMigration();
      withStats = await reviewMigration(snapshot);
    }, 180_000);
    afterAll(async () => database?.drop(), 60_000);

    it('without stats, every lock on an existing table is downtime', () => {
      for (const [line, rule] of [
        [1, 'create-index-non-concurrently'],
        [2, 'create-index-non-concurrently'],
        [3, 'add-column-volatile-default'],
        [4, 'set-not-null'],
      ] as const) {
        expect(findingAt(without, line, rule)).toMatchObject({ risk: 'downtime' });
        expect(findingAt(without, line, rule).table).toBeUndefined();
      }
      expect(without.files[0]!.statements[0]!.risk).toBe('downtime');
    });

    it('drops the 40-row table to a notice that says why', () => {
      const finding = findingAt(withStats, 1, 'create-index-non-concurrently');
      expect(finding).toMatchObject({ risk: 'safe', severity: 'notice', table: { name: 'public.countries', rows: 40 } });
      expect(finding.message).toMatch(
        /^public\.countries is small in the production statistics of \d{4}-\d\d-\d\d \(40 rows, \d+ kB; below stats\.smallTable: 10 k rows, 16 MB\), so the lock is brief\. The rule's concern was: /,
      );
      expect(withStats.files[0]!.statements[0]!.risk).toBe('safe');
    });

    it('keeps the 2 M-row table downtime, with its size, an estimated range and what queues', () => {
      const index = findingAt(withStats, 2, 'create-index-non-concurrently');
      expect(index.risk).toBe('downtime');
      expect(index.table).toMatchObject({ name: 'public.orders', rows: expect.any(Number) });
      expect(index.table!.rows).toBeGreaterThan(1_800_000);
      expect(index.message).toMatch(/public\.orders holds 2 M rows, \d+(\.\d)? MB; the index build is estimated at [\d.]+–[\d.]+ s\./);
      expect(index.estimate!.highSeconds / index.estimate!.lowSeconds).toBeCloseTo(4, 1);
      expect(index.estimate!.basis).toMatch(/^index-build: /);
      const rewrite = findingAt(withStats, 3, 'add-column-volatile-default');
      expect(rewrite).toMatchObject({
        risk: 'downtime',
        estimate: { basis: expect.stringMatching(/^rewrite: .*× 2 \(table and 1 indexes\)/) },
      });
      // A fresh database's counters were never reset: no interval, so the rate is said to be unknown.
      expect(rewrite.message).toMatch(/write rate is unknown/);
      expect(withStats.files[0]!.statements[2]).toMatchObject({ table: { name: 'public.orders' }, estimate: rewrite.estimate });
      expect(withStats.risk).toBe('downtime');
    });

    it('leaves a table the statistics do not know as it was, and says so', () => {
      const finding = findingAt(withStats, 4, 'set-not-null');
      const before = findingAt(without, 4, 'set-not-null');
      expect(finding).toMatchObject({ risk: before.risk, severity: before.severity });
      expect(finding.table).toBeUndefined();
      expect(finding.message).toBe(
        `${before.message} (The production statistics of ${snapshot.snapshotAt.slice(0, 10)} do not list invoices: judged as a big, busy table.)`,
      );
    });

    it("shows size and estimate in the summary comment's lock table", () => {
      const markdown = renderMarkdown(withStats);
      expect(markdown).toContain('| Line | Statement | Locks | Table size · estimate | Risk |');
      expect(markdown).toMatch(
        /\| 2 \| `CREATE INDEX orders_country_idx ON orders \(country\)` \| `orders` SHARE, blocks writes [^|]+\| `public\.orders` 2 M rows, [\d.]+ MB<br>est\. [\d.]+–[\d.]+ s \|/,
      );
      expect(renderMarkdown(without)).not.toContain('Table size');
    });

    it('CLI: stats export --output, then review --stats FILE --format json', async () => {
      const folder = await mkdtemp(join(tmpdir(), 'dbarch-h7-stats-cli-'));
      try {
        await writeFile(join(folder, '0002_indexes.sql'), MIGRATION);
        const exported = await runCli(['stats', 'export', '--database-url', database.writerUrl, '--output', 'stats.json'], { cwd: folder });
        expect(exported).toMatchObject({ exitCode: 0, stdout: '' });
        expect(exported.stderr).toMatch(/wrote statistics of 2 tables to stats\.json/);
        const reviewed = await runCli(
          ['review', '0002_indexes.sql', '--stats', 'stats.json', '--format', 'json', '--no-llm', '--no-dry-run', '--fail-on', 'never'],
          { cwd: folder },
        );
        expect(reviewed.exitCode).toBe(0);
        const document = JSON.parse(reviewed.stdout) as Review;
        const index = document.findings.find((finding) => finding.line === 2)!;
        expect(index).toMatchObject({ risk: 'downtime', table: { name: 'public.orders' }, estimate: { lowSeconds: expect.any(Number) } });
        expect(document.findings.find((finding) => finding.line === 1)).toMatchObject({ risk: 'safe', severity: 'notice' });
      } finally {
        await rm(folder, { recursive: true, force: true });
      }
    }, 60_000);

    it('CLI: a live read-only export from --stats URL or DBARCH_STATS_DATABASE_URL', async () => {
      const folder = await mkdtemp(join(tmpdir(), 'dbarch-h7-stats-live-'));
      const saved = process.env.DBARCH_STATS_DATABASE_URL;
      try {
        await writeFile(join(folder, '0002_indexes.sql'), MIGRATION);
        const args = ['review', '0002_indexes.sql', '--format', 'json', '--no-llm', '--no-dry-run', '--fail-on', 'never'];
        const byFlag = await runCli([...args, '--stats', database.writerUrl], { cwd: folder });
        process.env.DBARCH_STATS_DATABASE_URL = database.writerUrl;
        const byEnvironment = await runCli(args, { cwd: folder });
        for (const run of [byFlag, byEnvironment]) {
          const document = JSON.parse(run.stdout) as Review;
          expect(document.findings.find((finding) => finding.line === 2)).toMatchObject({ table: { name: 'public.orders' } });
        }
      } finally {
        if (saved === undefined) delete process.env.DBARCH_STATS_DATABASE_URL;
        else process.env.DBARCH_STATS_DATABASE_URL = saved;
        await rm(folder, { recursive: true, force: true });
      }
    }, 60_000);
  });
}
