import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmbeddedDryRunner } from '../src/dry-run/embedded-dry-run.js';
import type { DryRunInput } from '../src/dry-run/types.js';
import { generatedHistory } from './dry-run-history.js';

/**
 * Dry-run benchmark: cold start (empty base, nothing cached: initdb), base replay of 100 / 300 /
 * 1,000 generated migrations from nothing, the warm re-run with the cached base (in memory, and
 * from the on-disk cache in a new runner), and the process's peak RSS (the worker runs in-process).
 * Targets (issue 4): 300-migration base ≤ 10 s cold, ≤ 1 s warm; RSS ≤ 400 MB.
 */

const SIZES = [100, 300, 1000];

export async function benchDryRun(options: { runs?: number; sizes?: number[] } = {}): Promise<void> {
  const peak = trackPeakRss();
  const rows: string[][] = [];
  const directory = await mkdtemp(join(tmpdir(), 'dbarch-bench-dry-run-'));
  try {
    const coldStart = await timed(() => createEmbeddedDryRunner({ cacheDir: join(directory, 'empty') }).run(inputFor(0)));
    rows.push(['cold start, empty base', ms(coldStart.ms), '', '', mb(peak.current()), '']);
    for (const size of options.sizes ?? SIZES) {
      const cacheDir = join(directory, `base-${size}`);
      const runner = createEmbeddedDryRunner({ cacheDir });
      peak.reset();
      const cold = await timed(() => runner.run(inputFor(size)));
      const coldPeak = peak.current();
      peak.reset();
      const warm = await timed(() => runner.run(inputFor(size)));
      const fromDisk = await timed(() => createEmbeddedDryRunner({ cacheDir }).run(inputFor(size)));
      const ok = cold.value.base.built && cold.value.files[0]!.statements[0]!.status === 'ok' && warm.value.base.cached;
      const warmPeak = peak.current();
      rows.push([
        `${size} migrations${ok ? '' : ' (FAILED)'}`,
        ms(cold.ms),
        `${ms(warm.ms)} / ${ms(fromDisk.ms)}`,
        ms(cold.value.base.durationMs),
        mb(coldPeak),
        mb(warmPeak),
      ]);
    }
  } finally {
    peak.stop();
    await rm(directory, { recursive: true, force: true });
  }
  printTable(['dry run', 'cold', 'warm (memory / disk)', 'base replay', 'peak RSS cold', 'peak RSS warm'], rows);
}

function inputFor(size: number): DryRunInput {
  const table = size > 0 ? 'table_1' : undefined;
  const text = table ? `ALTER TABLE ${table} ALTER COLUMN name SET NOT NULL` : 'CREATE TABLE t (id int)';
  return {
    base: generatedHistory(size),
    changes: [
      {
        path: 'db/migrations/99999_change.sql',
        statements: [{ index: 0, text, line: 1, endLine: 1, inTransaction: true, relations: table ? [table] : [] }],
      },
    ],
  };
}

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await run();
  return { value, ms: performance.now() - started };
}

/** Peak resident memory of the process (the worker thread included), since the last reset. */
function trackPeakRss(): { current: () => number; reset: () => void; stop: () => void } {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 25);
  return {
    current: () => Math.max(peak, process.memoryUsage.rss()),
    reset: () => (peak = process.memoryUsage.rss()),
    stop: () => clearInterval(timer),
  };
}

const ms = (value: number) => `${(value / 1000).toFixed(2)} s`;
const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column]!)).join('  ');
  console.log(['', line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n'));
}
