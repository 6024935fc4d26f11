import { beforeAll, describe, expect, it } from '@jest/globals';
import { defaultConfig } from '../../src/config/load-config.js';
import { createEmbeddedDryRunner } from '../../src/dry-run/embedded-dry-run.js';
import { review } from '../../src/engine/review.js';
import type { Review } from '../../src/review-types/index.js';
import { renderMarkdown } from '../../src/render/markdown.js';

/** The dry-run stage of review(): evidence merged into statement reports, failures as findings. */

const BASE = [
  { path: 'db/migrations/001_orders.sql', content: 'CREATE TABLE orders (id int PRIMARY KEY, total int NOT NULL, note varchar(100));\n' },
];

describe('review() with a dry run', () => {
  let result: Review;

  beforeAll(async () => {
    const content = [
      '-- widen and index',
      'ALTER TABLE orders ALTER COLUMN note TYPE varchar(200);',
      'ALTER TABLE orders ALTER COLUMN total TYPE bigint;',
      'CREATE INDEX orders_note_idx ON orders (note);',
      'CREATE INDEX orders_total_idx ON orders (shipped_at);',
      'SELECT 1;',
    ].join('\n');
    result = await review(
      { files: [{ path: 'db/migrations/002_change.sql', status: 'added', content }], baseFiles: BASE },
      defaultConfig(),
      { dryRun: createEmbeddedDryRunner() },
    );
  });

  it('attaches observed locks, rewrites and durations to the statement reports', () => {
    const [widen, retype, index] = result.files[0]!.statements;
    expect(widen).toMatchObject({ line: 2, rewrites: [], locks: [{ relation: 'orders', mode: 'ACCESS EXCLUSIVE' }] });
    expect(retype!.rewrites).toContain('orders');
    expect(index).toMatchObject({ line: 4, locks: [{ relation: 'orders', mode: 'SHARE' }] });
    expect(typeof index!.durationMs).toBe('number');
    expect(widen!.columns).toEqual([
      { table: 'orders', column: 'note', change: 'type', from: 'character varying(100)', to: 'character varying(200)' },
    ]);
    expect(index!.columns).toBeUndefined();
  });

  it('turns a statement that fails on the base into a dry-run-failed error at its line', () => {
    const failed = result.findings.filter((finding) => finding.ruleId === 'dry-run-failed');
    expect(failed).toEqual([
      expect.objectContaining({
        source: 'dry-run',
        severity: 'error',
        path: 'db/migrations/002_change.sql',
        line: 5,
        message: expect.stringContaining('column "shipped_at" does not exist'),
      }),
    ]);
    expect(result.files[0]!.statements[4]!.durationMs).toBeUndefined();
  });

  it('reports an observed rewrite only where no rule already reported the statement', () => {
    const rewrites = result.findings.filter((finding) => finding.ruleId === 'dry-run-rewrite');
    const ruleOnRetype = result.findings.some((finding) => finding.source === 'rule' && finding.line === 3 && finding.risk !== 'safe');
    expect(rewrites.map((finding) => finding.line)).toEqual(ruleOnRetype ? [] : [3]);
    expect(result.files[0]!.statements[2]!.risk).toBe('downtime');
    expect(result.risk).not.toBe('safe');
  });

  it('shows what the dry run observed in the markdown summary', () => {
    const markdown = renderMarkdown(result);
    expect(markdown).toContain('| Line | Statement | Locks | Dry run | Risk |');
    expect(markdown).toMatch(
      /\| 2 \| `ALTER TABLE orders ALTER COLUMN note TYPE varchar\(200\)` \| `orders` ACCESS EXCLUSIVE[^|]*\| no rewrite · [\d.]+ m?s \|/,
    );
    expect(markdown).toMatch(/\| 3 \|[^\n]*\| rewrote `orders`, `orders_pkey` · /);
    expect(markdown).toMatch(/\| 5 \|[^\n]*\| ❌ failed \|/);
    expect(markdown).toMatch(/Dry run on PGlite [^:]+: base of 1 migration/);
  });

  it("carries the dry run's engine and base in the review", () => {
    expect(result.dryRun).toMatchObject({
      engine: expect.stringMatching(/^PGlite/),
      base: { files: 1, statements: 1, built: true, skipped: 0 },
    });
    expect(result.files[0]!.statements.map((statement) => statement.dryRun)).toEqual(['ok', 'ok', 'ok', 'failed', 'not-run']);
  });

  it('says when the dry run was turned off', async () => {
    const off = await review({ files: [{ path: 'db/migrations/002.sql', status: 'added', content: 'SELECT 1;' }] }, defaultConfig(), {
      dryRun: false,
    });
    expect(off.stats.skipped['dry-run']).toBe('turned off with --no-dry-run');
  });
});

describe('evidence that lowers a rewrite verdict', () => {
  // A base the static model cannot read (the table is made by dynamic SQL): the rule does not know the old types.
  const base = [
    {
      path: 'db/migrations/001_legacy.sql',
      content: "DO $$ BEGIN EXECUTE 'CREATE TABLE legacy (id int PRIMARY KEY, code varchar(20), seen timestamp)'; END $$;\n",
    },
  ];
  let result: Review;

  beforeAll(async () => {
    const content = [
      'ALTER TABLE legacy ALTER COLUMN code TYPE varchar(40);',
      'ALTER TABLE legacy ALTER COLUMN id TYPE bigint;',
      'ALTER TABLE legacy ALTER COLUMN seen TYPE timestamptz;',
    ].join('\n');
    result = await review(
      { files: [{ path: 'db/migrations/002_widen.sql', status: 'added', content }], baseFiles: base },
      defaultConfig(),
      {
        dryRun: createEmbeddedDryRunner(),
      },
    );
  });

  it('turns "rewrites unless binary-compatible" into a notice when no rewrite was observed', () => {
    const [widen] = result.findings.filter((finding) => finding.ruleId === 'alter-column-type');
    expect(widen).toMatchObject({
      line: 1,
      risk: 'safe',
      severity: 'notice',
      message: expect.stringMatching(/^The dry run observed no rewrite of "legacy"/),
    });
    expect(result.files[0]!.statements[0]).toMatchObject({ risk: 'safe', rewrites: [] });
  });

  it('keeps the verdict where the rewrite was observed (int → bigint; timestamp → timestamptz outside UTC)', () => {
    const kept = result.findings.filter((finding) => finding.ruleId === 'alter-column-type' && finding.line > 1);
    expect(kept.map((finding) => [finding.line, finding.risk])).toEqual([
      [2, 'downtime'],
      [3, 'downtime'],
    ]);
    expect(result.files[0]!.statements[1]!.rewrites).toContain('legacy');
    expect(result.risk).toBe('downtime');
  });
});

describe('review() with a dry run on files with placeholders', () => {
  const reviewWith = (baseFiles: { path: string; content: string }[], content: string) =>
    review({ files: [{ path: 'sql/000002.sql', status: 'added', content }], baseFiles }, defaultConfig(), {
      dryRun: createEmbeddedDryRunner(),
    });

  it('runs them with the same stand-in names in the base and the change, and observes the locks', async () => {
    const base = [{ path: 'sql/000001.sql', content: 'CREATE SCHEMA :APP_SCHEMA;\nCREATE TABLE :APP_SCHEMA.jobs (id int PRIMARY KEY);\n' }];
    const result = await reviewWith(base, 'ALTER TABLE :APP_SCHEMA.jobs ADD COLUMN queue text;\n');
    expect(result.dryRun?.base).toMatchObject({ built: true, skipped: 0 });
    expect(result.files[0]!.statements[0]).toMatchObject({
      dryRun: 'ok',
      locks: [{ relation: '_app_schema.jobs', mode: 'ACCESS EXCLUSIVE' }],
    });
    expect(result.findings.filter((finding) => finding.source === 'dry-run')).toEqual([]);
  });

  it('creates the schemas placeholders name first, as the tool would, and says so', async () => {
    // graphile-worker's migrations: migrate() creates the schema, no migration does.
    const result = await reviewWith([], 'CREATE TABLE :APP_SCHEMA.jobs (id int PRIMARY KEY);\nCREATE INDEX ON :APP_SCHEMA.jobs (id);\n');
    expect(result.files[0]!.statements.map((statement) => statement.dryRun)).toEqual(['ok', 'ok']);
    expect(result.dryRun?.base.files).toBe(0);
    expect(result.dryRun?.notes).toContain('schemas that placeholders name were created first, as their tool would: _app_schema');
  });

  it('gives a notice, not an error, when a stand-in name fails (the tool would have filled it in)', async () => {
    const result = await reviewWith([], 'CREATE TABLE jobs (id int PRIMARY KEY);\nGRANT SELECT ON jobs TO :app_role;\n');
    expect(result.findings.filter((finding) => finding.source === 'dry-run')).toEqual([
      expect.objectContaining({
        ruleId: 'dry-run-incomplete-base',
        severity: 'notice',
        line: 2,
        message: expect.stringContaining('placeholders that its tool fills in'),
      }),
    ]);
    expect(result.risk).toBe('safe');
  });
});
