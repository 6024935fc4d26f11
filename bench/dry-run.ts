import { mkdtemp, rm } from 'node:fs/promises';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measure } from './measure.js';

/**
 * Dry-run benchmark, for 100 / 300 / 1,000 generated migrations (bench/dry-run-history.ts), each
 * measured in processes of its own (bench/drivers/dry-run-once.ts) for wall time and peak RSS:
 * - App: a new process reviews twice on the same base, as the GitHub App does: the first run is
 *   cold (the base replayed, then cached), the second warm (the spare sandbox the first one left);
 * - CLI: `dbarch review` run again: a new process with the base in the on-disk cache.
 * The first row starts from nothing: the blank cluster the build made (from the sources: initdb).
 * Targets (issue 4): 300-migration base ≤ 10 s cold, ≤ 1 s warm; RSS ≤ 400 MB.
 */

const SIZES = [100, 300, 1000];
const ROOT = fileURLToPath(new URL('..', import.meta.url));

interface DriverResult {
  runs: { ms: number; cached: boolean; replayMs: number }[];
  ok: boolean;
  wall: number;
  rssMb: number;
}

export async function benchDryRun(options: { sizes?: number[] } = {}): Promise<void> {
  const cacheDir = await mkdtemp(join(tmpdir(), 'dbarch-bench-dry-run-'));
  const rows: string[][] = [];
  try {
    const blank = await driver(['--size', '0', '--cache', cacheDir]);
    rows.push(['empty base, first run', s(blank.runs[0]!.ms), '', '', '', `${blank.rssMb} MB`, '']);
    for (const size of options.sizes ?? SIZES) {
      const app = await driver(['--size', String(size), '--cache', cacheDir, '--runs', '2', '--prestart']);
      const cli = await driver(['--size', String(size), '--cache', cacheDir]);
      const [cold, warm] = app.runs;
      const ok = app.ok && cli.ok && !cold!.cached && warm!.cached && cli.runs[0]!.cached;
      rows.push([
        `${size} migrations${ok ? '' : ' (FAILED)'}`,
        s(cold!.ms),
        s(cold!.replayMs),
        s(warm!.ms),
        `${s(cli.runs[0]!.ms)} (process ${cli.wall.toFixed(2)} s)`,
        `${app.rssMb} MB`,
        `${cli.rssMb} MB`,
      ]);
    }
  } finally {
    await rm(cacheDir, { recursive: true, force: true });
  }
  printTable(['dry run', 'cold', 'base replay', 'warm, App', 'warm, CLI', 'peak RSS, App process', 'peak RSS, CLI warm'], rows);
}

async function driver(args: string[]): Promise<DriverResult> {
  const output = join(tmpdir(), `dbarch-bench-dry-run-${process.pid}.json`);
  const dist = existsSync(join(ROOT, 'dist/dry-run/embedded-dry-run.js'));
  try {
    const command = ['--import', 'tsx', join(ROOT, 'bench/drivers/dry-run-once.ts'), ...args, ...(dist ? ['--dist'] : [])];
    const run = await measure(process.execPath, command, { cwd: ROOT, stdoutFile: output });
    if (run.exitCode !== 0) throw new Error(`dry-run driver failed: ${run.stderr.slice(-2000)}`);
    const result = JSON.parse(readFileSync(output, 'utf8')) as Omit<DriverResult, 'wall' | 'rssMb'>;
    return { ...result, wall: run.wallSeconds, rssMb: Math.round(run.peakRssMb ?? 0) };
  } finally {
    rmSync(output, { force: true });
  }
}

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column]!)).join('  ');
  console.log(['', line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n'));
}
