import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { orderMigrations } from '../../src/classify/order-migrations.js';
import { createEmbeddedDryRunner } from '../../src/dry-run/embedded-dry-run.js';
import type { DryRunResult } from '../../src/dry-run/types.js';
import type { BaseFile } from '../../src/engine/types.js';
import { loadSqlParser, parseSql } from '../../src/parse/sql/parse-sql.js';

/**
 * Real migration histories from the corpora (`npm run corpora` fetches them into .corpora): put in
 * their tool's order, all but the last replayed as the base, the last traced. Whatever the
 * embedded PostgreSQL cannot run must come back as notes and findings, never as a throw. Skipped
 * when .corpora is absent.
 */

const CORPORA = join(process.cwd(), '.corpora');
const PG_LIST = join(CORPORA, 'pg-sql.txt');
const PRISMA_LIST = join(CORPORA, 'prisma.txt');
const present = existsSync(PG_LIST) && existsSync(PRISMA_LIST);

function history(list: string, pattern: RegExp): BaseFile[] {
  const paths = readFileSync(list, 'utf8')
    .split('\n')
    .filter((path) => pattern.test(path));
  return paths
    .filter((path) => existsSync(join(CORPORA, path)))
    .map((path) => ({ path, content: readFileSync(join(CORPORA, path), 'utf8') }));
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
      text: statement.text,
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
  },
);
