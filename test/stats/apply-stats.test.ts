import { describe, expect, it } from '@jest/globals';
import { defaultConfig, parseConfig } from '../../src/config/load-config.js';
import type { Config } from '../../src/config/schema.js';
import { createEmbeddedDryRunner } from '../../src/dry-run/embedded-dry-run.js';
import { review } from '../../src/engine/review.js';
import type { Finding, Review } from '../../src/review-types/index.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { formatBytes, formatCount, formatDurationRange } from '../../src/stats/format-figures.js';
import { parseStatsFile } from '../../src/stats/load-stats.js';
import { StatsError, type StatsSnapshot, type StatsTable } from '../../src/stats/stats-snapshot.js';

/**
 * The stats stage on a snapshot written here (shapes as `dbarch stats export` writes them; the real
 * export is tested in export-stats.test.ts): traffic, config overrides, foreign keys, index names,
 * and the findings whose verdict a size never changes.
 */
const HOUR = 3600_000;

function table(name: string, rows: number, extra: Partial<StatsTable> = {}): StatsTable {
  const counted = Math.max(0, rows);
  return {
    schema: 'public',
    name,
    kind: 'table',
    rows,
    heapBytes: counted * 100,
    toastBytes: 0,
    indexBytes: counted * 20,
    indexes: [{ name: `${name}_pkey`, bytes: counted * 20, columns: ['id'], unique: true, primary: true, valid: true }],
    tuplesInserted: 0,
    tuplesUpdated: 0,
    tuplesDeleted: 0,
    sequentialScans: 0,
    indexScans: 0,
    liveRows: counted,
    lastAnalyzedAt: null,
    partitionOf: null,
    ...extra,
  };
}

const SNAPSHOT_AT = '2026-11-30T12:00:00.000Z';
const snapshot: StatsSnapshot = {
  schema: 'dbarch.stats/v1',
  snapshotAt: SNAPSHOT_AT,
  statsResetAt: new Date(Date.parse(SNAPSHOT_AT) - 10 * HOUR).toISOString(),
  server: { version: '16.4', versionNumber: 160004, standby: false, settings: { maintenance_work_mem: '64MB' } },
  tables: [
    // 36 M writes in 10 hours: 1,000 writes/s; 3.6 M scans: 100 scans/s.
    table('orders', 50_000_000, { tuplesInserted: 30_000_000, tuplesUpdated: 6_000_000, sequentialScans: 600_000, indexScans: 3_000_000 }),
    table('customers', 5_000_000),
    table('countries', 40),
    // A partitioned table: 0 bytes of its own, 3 M rows in two partitions (one of them sub-partitioned).
    table('events', -1, { kind: 'partitioned table', heapBytes: 0, indexBytes: 0, liveRows: 0, indexes: [] }),
    table('events_2025', 1_000_000, { partitionOf: 'public.events' }),
    table('events_2026', -1, { kind: 'partitioned table', heapBytes: 0, indexBytes: 0, liveRows: 0, partitionOf: 'public.events' }),
    table('events_2026_01', 2_000_000, { partitionOf: 'public.events_2026' }),
  ],
};

async function reviewSql(sql: string, config: Config = defaultConfig(), stats: StatsSnapshot = snapshot): Promise<Review> {
  return review({ files: [{ path: 'm.sql', status: 'added', content: sql }], mode: 'paths' }, config, { tableStats: stats });
}

function only(result: Review, ruleId: string): Finding {
  const found = result.findings.filter((finding) => finding.ruleId === ruleId);
  expect(found).toHaveLength(1);
  return found[0]!;
}

describe('applyTableStats', () => {
  it('says what queues behind the lock from the write rate since the statistics reset', async () => {
    const finding = only(await reviewSql('ALTER TABLE orders ALTER COLUMN status SET NOT NULL;'), 'set-not-null');
    // 50 M rows × 100 bytes of heap at the default 910 MB/s: 5.49 s (+ 0.01), ÷/× 2.
    expect(finding.estimate).toMatchObject({ lowSeconds: 2.75, highSeconds: 11 });
    expect(finding.table).toEqual({ name: 'public.orders', rows: 50_000_000, bytes: 6_000_000_000 });
    expect(finding.message).toContain(
      'Production statistics (2026-11-30): public.orders holds 50 M rows, 5.6 GB; the validating scan is estimated at 2.8–11 s.',
    );
    expect(finding.message).toContain(
      'At its average 1 k writes/s, about 2.8 k–11 k writes would queue behind the lock. Reads wait too (100 scans/s).',
    );
  });

  it('calls the write rate unknown for a snapshot from a standby', async () => {
    const standby = { ...snapshot, server: { ...snapshot.server, standby: true } };
    const finding = only(
      await reviewSql('CREATE INDEX orders_status_idx ON orders (status);', defaultConfig(), standby),
      'create-index-non-concurrently',
    );
    expect(finding.message).toContain('Its write rate is unknown: the statistics come from a standby, which counts no writes.');
  });

  it('estimates a backfill as if it touched every row, and an INSERT … SELECT not at all', async () => {
    const update = only(await reviewSql("UPDATE orders SET status = 'new' WHERE status IS NULL;"), 'backfill-in-migration');
    expect(update.message).toMatch(/the backfill, if it touches every row, is estimated at [\d.]+–[\d.]+ min\./);
    const insert = only(await reviewSql('INSERT INTO orders SELECT * FROM customers;'), 'backfill-in-migration');
    expect(insert).toMatchObject({ table: { name: 'public.orders' } });
    expect(insert.estimate).toBeUndefined();
  });

  it('uses the config rates and spread instead of the measured defaults', async () => {
    const config = parseConfig('stats:\n  estimate:\n    spread: 3\n    rates:\n      index-build: { rowsPerSecond: 1000000 }\n');
    const finding = only(await reviewSql('CREATE INDEX orders_status_idx ON orders (status);', config), 'create-index-non-concurrently');
    expect(finding.estimate).toMatchObject({ lowSeconds: 16.7, highSeconds: 150 });
    expect(finding.estimate!.basis).toBe('index-build: 0.01 s + 50000000 rows at 1000000 rows/s, ÷/× 3');
    expect(finding.message).toContain('estimated at 0.28–2.5 min');
  });

  it('estimates a foreign key validation on the child and names the queue on writes only', async () => {
    const result = await reviewSql(
      'ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id);',
    );
    const finding = only(result, 'add-foreign-key-validates');
    expect(finding).toMatchObject({
      risk: 'downtime',
      table: { name: 'public.orders' },
      estimate: { basis: expect.stringMatching(/^foreign-key-validation: /) },
    });
    expect(finding.message).not.toContain('Reads wait too');
    expect(result.files[0]!.statements[0]).toMatchObject({ table: { name: 'public.orders' }, estimate: finding.estimate });
  });

  it('finds the table of a dropped index by the index name, and drops a small one to a notice', async () => {
    const big = only(await reviewSql('DROP INDEX orders_pkey;'), 'drop-index-non-concurrently');
    expect(big).toMatchObject({ risk: 'downtime', table: { name: 'public.orders' } });
    expect(big.estimate).toBeUndefined();
    const small = only(await reviewSql('DROP INDEX countries_pkey;'), 'drop-index-non-concurrently');
    expect(small).toMatchObject({ risk: 'safe', severity: 'notice' });
  });

  it('never lowers data loss or a rename by size: it only adds the size', async () => {
    const result = await reviewSql('DROP TABLE countries;\nALTER TABLE countries RENAME COLUMN name TO title;');
    expect(only(result, 'drop-table')).toMatchObject({ risk: 'destructive', table: { rows: 40 } });
    expect(only(result, 'drop-table').message).toContain('public.countries holds 40 rows, 4.7 kB.');
    expect(only(result, 'rename-column').risk).toBe('downtime');
    expect(result.risk).toBe('destructive');
  });

  it('sizes a partitioned table by its partitions, so it is never small for having no rows of its own', async () => {
    // Without a base schema the rule cannot know "events" is partitioned; the snapshot does.
    const finding = only(await reviewSql('CREATE INDEX events_kind_idx ON events (kind);'), 'create-index-non-concurrently');
    expect(finding).toMatchObject({ risk: 'downtime', table: { name: 'public.events', rows: 3_000_000, bytes: 360_000_000 } });
    expect(finding.estimate).toBeDefined();
  });

  it('honours a configured small-table threshold', async () => {
    const config = parseConfig('stats:\n  smallTable: { rows: 100000000, bytes: 100000000000 }\n');
    const result = await reviewSql('CREATE INDEX orders_status_idx ON orders (status);', config);
    expect(only(result, 'create-index-non-concurrently')).toMatchObject({ risk: 'safe', severity: 'notice' });
    expect(result.risk).toBe('safe');
  });

  it('leaves tables created in the same change alone', async () => {
    const result = await reviewSql(
      'CREATE TABLE orders (id bigint PRIMARY KEY, status text);\nCREATE INDEX orders_status_idx ON orders (status);',
    );
    expect(result.findings.filter((finding) => finding.table !== undefined)).toEqual([]);
  });
});

describe('applyTableStats after a dry run', () => {
  it('reports the estimate next to what the dry run observed on its sample rows', async () => {
    const base = [{ path: 'db/001_orders.sql', content: 'CREATE TABLE orders (id bigint PRIMARY KEY, status text, note varchar(100));\n' }];
    const content = 'ALTER TABLE orders ALTER COLUMN note TYPE varchar(200);\nCREATE INDEX orders_status_idx ON orders (status);\n';
    const result = await review({ files: [{ path: 'db/002_change.sql', status: 'added', content }], baseFiles: base }, defaultConfig(), {
      dryRun: createEmbeddedDryRunner(),
      tableStats: snapshot,
    });
    const [widen, index] = result.files[0]!.statements;
    // A wider varchar rewrites nothing: no finding, so no size and no estimate either.
    expect(widen).toMatchObject({ dryRun: 'ok', rewrites: [] });
    expect(widen!.table).toBeUndefined();
    // 50 M rows at the default 2.9 M rows/s: 17.2 s (+ 0.01), ÷/× 2.
    expect(index).toMatchObject({ dryRun: 'ok', durationMs: expect.any(Number), estimate: { lowSeconds: 8.63, highSeconds: 34.5 } });
    const markdown = renderMarkdown(result);
    expect(markdown).toContain('| Line | Statement | Locks | Table size · estimate | Dry run | Risk |');
    expect(markdown).toMatch(/`public\.orders` 50 M rows, 5\.6 GB<br>est\. 8\.6–35 s \| no rewrite · [\d.]+ (ms|s) \|/);
  }, 120_000);
});

describe('stats files and figures', () => {
  it('rejects a file that is not a dbarch.stats/v1 document, naming the problem', () => {
    expect(() => parseStatsFile('{', 'stats.json')).toThrow(StatsError);
    expect(() => parseStatsFile('{', 'stats.json')).toThrow(/^stats\.json is not JSON: /);
    expect(() => parseStatsFile(JSON.stringify({ ...snapshot, schema: 'dbarch.stats/v2' }), 'stats.json')).toThrow(
      /stats\.json is not a dbarch\.stats\/v1 document: schema: /,
    );
    const withoutRows = { ...snapshot, tables: [{ ...snapshot.tables[0], rows: undefined }] };
    expect(() => parseStatsFile(JSON.stringify(withoutRows), 'stats.json')).toThrow(/tables\.0\.rows/);
    expect(parseStatsFile(JSON.stringify(snapshot), 'stats.json')).toEqual(snapshot);
  });

  it('rejects unknown stats config keys', () => {
    expect(() => parseConfig('stats:\n  smallTabel: { rows: 10 }\n')).toThrow(/smallTabel/);
    expect(() => parseConfig('stats:\n  estimate: { rates: { vacuum: { rowsPerSecond: 1 } } }\n')).toThrow();
  });

  it('formats figures without false precision', () => {
    expect(formatCount(182_400_000)).toBe('182 M');
    expect(formatCount(40)).toBe('40');
    expect(formatBytes(41 * 1024 ** 3)).toBe('41 GB');
    expect(formatBytes(900)).toBe('900 bytes');
    expect(formatDurationRange(180, 720)).toBe('3–12 min');
    expect(formatDurationRange(0.5, 2)).toBe('0.5–2 s');
    expect(formatDurationRange(0, 0.05)).toBe('< 0.1 s');
    expect(formatDurationRange(5400, 21600)).toBe('1.5–6 h');
  });
});
