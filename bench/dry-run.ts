import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createEmbeddedDryRunner } from '../src/dry-run/embedded-dry-run.js';
import { preferBaselineWasm } from '../src/runtime/memory-tuning.js';
import { dryRunInput } from './dry-run-history.js';
import { measure } from './measure.js';

/**
 * Dry-run benchmark, for 100 / 300 / 1,000 generated migrations:
 * - cold: nothing cached, the base replayed from an empty cluster (itself cached once per process);
 * - warm, App: the same runner again in the same process, as the GitHub App runs it (base cached in
 *   memory, a spare sandbox started ahead on it: spare-sandbox.ts);
 * - warm, CLI: a new process (bench/drivers/dry-run-once.ts) with the base in the on-disk cache, as
 *   `dbarch review` runs twice in a row; its own time, and the whole process's wall time and RSS.
 * Peak RSS of this process covers the worker threads (they share it). The process uses the CLI's
 * and the App's WebAssembly setting (memory-tuning.ts).
 * Targets (issue 4): 300-migration base ≤ 10 s cold, ≤ 1 s warm; RSS ≤ 400 MB.
 */

const SIZES = [100, 300, 1000];
const ROOT = fileURLToPath(new URL('..', import.meta.url));

export async function benchDryRun(options: { runs?: number; sizes?: number[] } = {}): Promise<void> {
  preferBaselineWasm();
  const peak = trackPeakRss();
  const rows: string[][] = [];
  const directory = await mkdtemp(join(tmpdir(), 'dbarch-bench-dry-run-'));
  try {
    const coldStart = await timed(() => createEmbeddedDryRunner({ cacheDir: join(directory, 'empty') }).run(dryRunInput(0)));
    rows.push(['cold start, empty base', ms(coldStart.ms), '', '', '', mb(peak.current()), '']);
    for (const size of options.sizes ?? SIZES) {
      const cacheDir = join(directory, `base-${size}`);
      const runner = createEmbeddedDryRunner({ cacheDir, prestart: true });
      peak.reset();
      const cold = await timed(() => runner.run(dryRunInput(size)));
      const coldPeak = peak.current();
      await new Promise((resolve) => setTimeout(resolve, 2000)); // the spare starts between reviews
      peak.reset();
      const warm = await timed(() => runner.run(dryRunInput(size)));
      const warmPeak = peak.current();
      const cli = await cliWarmRun(size, cacheDir);
      const ok = cold.value.base.built && cold.value.files[0]!.statements[0]!.status === 'ok' && warm.value.base.cached && cli.cached;
      rows.push([
        `${size} migrations${ok ? '' : ' (FAILED)'}`,
        ms(cold.ms),
        ms(cold.value.base.durationMs),
        ms(warm.ms),
        `${ms(cli.ms)} (process ${cli.wall.toFixed(2)} s, ${cli.rssMb} MB)`,
        mb(coldPeak),
        mb(warmPeak),
      ]);
    }
  } finally {
    peak.stop();
    await rm(directory, { recursive: true, force: true });
  }
  printTable(
    ['dry run', 'cold', 'base replay', 'warm, App', 'warm, CLI (new process, disk cache)', 'peak RSS cold', 'peak RSS warm, App'],
    rows,
  );
}

/** One dry run in a new process on the base an earlier run left in the disk cache. */
async function cliWarmRun(size: number, cacheDir: string): Promise<{ ms: number; cached: boolean; wall: number; rssMb: number }> {
  const output = join(tmpdir(), `dbarch-bench-dry-run-once-${process.pid}.json`);
  const dist = existsSync(join(ROOT, 'dist/dry-run/embedded-dry-run.js'));
  try {
    const args = ['--import', 'tsx', join(ROOT, 'bench/drivers/dry-run-once.ts'), '--size', String(size), '--cache', cacheDir];
    const run = await measure(process.execPath, dist ? [...args, '--dist'] : args, { cwd: ROOT, stdoutFile: output });
    if (run.exitCode !== 0) throw new Error(`dry-run driver failed: ${run.stderr.slice(-2000)}`);
    const result = JSON.parse(readFileSync(output, 'utf8')) as { ms: number; cached: boolean; ok: boolean };
    return { ms: result.ms, cached: result.cached && result.ok, wall: run.wallSeconds, rssMb: Math.round(run.peakRssMb ?? 0) };
  } finally {
    rmSync(output, { force: true });
  }
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
