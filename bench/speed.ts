import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measure, type Measurement } from './measure.js';
import { squawkArguments, squawkBinary, squawkVersion } from './squawk.js';

/**
 * The speed a user feels (issue 16), in one run: the static review of the Debian part of the corpus
 * (the `x/` lines of .corpora/pg-sql.txt: files squawk lints without panicking) by dbarch's CLI and
 * by squawk, median of `runs` (default 5) each, with wall and CPU time, peak RSS and the load
 * average; then one small migration reviewed by a cold process (the pre-commit / editor / CI case):
 * dbarch static, dbarch with the dry run, squawk. Other processes on the CPUs inflate wall times,
 * so CPU seconds are printed next to them.
 *
 * Targets: corpus wall ratio ≤ 0.7, peak RSS ≤ 400 MB, single file ≤ 0.25 s static and ≤ 1.0 s with
 * the dry run. The file tree is made under the system's temporary folder, never inside .corpora.
 */

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SINGLE_FILE = join(ROOT, 'examples/shop/migrations/000008_add_order_tracking.up.sql');
const TREE = 'dbarch-bench-debian';

export async function benchSpeed(options: { runs?: number; build?: boolean } = {}): Promise<void> {
  const runs = Math.max(options.runs ?? 5, 5);
  const corpora = join(ROOT, '.corpora');
  if (options.build ?? true) execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
  const cli = join(ROOT, 'bin/dbarch.js');
  const squawk = squawkBinary();
  console.log(`\n## Speed a user feels (squawk ${squawkVersion()}, ${runs} runs each, medians)`);
  const load = () =>
    loadavg()
      .map((value) => value.toFixed(2))
      .join(' ');
  console.log(`load average before: ${load()}`);

  if (existsSync(join(corpora, 'pg-sql.txt'))) {
    const tree = debianTree(corpora);
    console.log(`Debian corpus: ${tree.files} files, ${(tree.bytes / 1e6).toFixed(1)} MB`);
    const output = join(tmpdir(), `dbarch-bench-speed-${process.pid}.json`);
    const dbarchRuns: Measurement[] = [];
    const squawkRuns: Measurement[] = [];
    try {
      for (let run = 0; run < runs; run += 1) {
        squawkRuns.push(await measure(squawk, squawkArguments(TREE, []), { cwd: tmpdir() }));
        const args = [cli, 'review', '--format', 'json', '--no-dry-run', '--no-llm', TREE];
        dbarchRuns.push(await measure(process.execPath, args, { cwd: tmpdir(), stdoutFile: output }));
      }
    } finally {
      rmSync(output, { force: true });
    }
    const dbarch = median(dbarchRuns);
    const squawkMedian = median(squawkRuns);
    console.log(`dbarch: ${figures(dbarch)}   (runs: ${dbarchRuns.map((m) => m.wallSeconds.toFixed(2)).join(' ')})`);
    console.log(`squawk: ${figures(squawkMedian)}   (runs: ${squawkRuns.map((m) => m.wallSeconds.toFixed(2)).join(' ')})`);
    const ratio = dbarch.wallSeconds / squawkMedian.wallSeconds;
    const cpuRatio = dbarch.cpuSeconds && squawkMedian.cpuSeconds ? dbarch.cpuSeconds / squawkMedian.cpuSeconds : undefined;
    console.log(
      `corpus: wall ratio dbarch/squawk ${ratio.toFixed(2)} (target ≤ 0.70) ${verdict(ratio <= 0.7)}` +
        (cpuRatio === undefined ? '' : `; CPU ratio ${cpuRatio.toFixed(2)}`),
    );
    if (dbarch.peakRssMb !== undefined)
      console.log(`dbarch peak RSS ${dbarch.peakRssMb.toFixed(0)} MB (target ≤ 400 MB) ${verdict(dbarch.peakRssMb <= 400)}`);
  } else {
    console.log('no corpus at .corpora/pg-sql.txt (`npm run corpora`): corpus part skipped');
  }

  const single = async (command: string, args: string[]) => {
    const results: Measurement[] = [];
    for (let run = 0; run < runs; run += 1) results.push(await measure(command, args, { cwd: ROOT }));
    return median(results);
  };
  const staticRun = await single(process.execPath, [cli, 'review', '--no-dry-run', '--no-llm', SINGLE_FILE]);
  const dryRun = await single(process.execPath, [cli, 'review', '--no-llm', SINGLE_FILE]);
  const squawkSingle = await single(squawk, [SINGLE_FILE]);
  console.log(`single file, cold process (${SINGLE_FILE.slice(ROOT.length)}):`);
  console.log(`  dbarch static       ${figures(staticRun)}  (target ≤ 0.25 s) ${verdict(staticRun.wallSeconds <= 0.25)}`);
  console.log(`  dbarch with dry run ${figures(dryRun)}  (target ≤ 1.00 s) ${verdict(dryRun.wallSeconds <= 1)}`);
  console.log(`  squawk              ${figures(squawkSingle)}`);
  console.log(`load average after: ${load()} (2-core machine: with a load above ~1, compare CPU seconds)`);
}

/**
 * The `x/` (Debian) files of the corpus list under the temporary folder, with psql meta-commands
 * (`\\connect`, `\\set` …: lines psql runs, not SQL) blanked, as the issue measured both tools:
 * squawk reads them as SQL, which costs it seconds and gigabytes. Line numbers stay as they were.
 */
function debianTree(corpora: string): { files: number; bytes: number } {
  const sources = readFileSync(join(corpora, 'pg-sql.txt'), 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('x/'));
  const root = join(tmpdir(), TREE);
  const manifest = join(root, '.manifest');
  const key = `psql meta-commands blanked\n${sources.join('\n')}`;
  if (!existsSync(manifest) || readFileSync(manifest, 'utf8') !== key) {
    rmSync(root, { recursive: true, force: true });
    for (const source of sources) {
      // Request Tracker's `schema.Pg` files get a .sql suffix so that both tools read them as SQL.
      const target = join(root, source.endsWith('.sql') ? source : `${source}.sql`);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, withoutMetaCommands(readFileSync(join(corpora, source))));
    }
    writeFileSync(manifest, key);
  }
  const bytes = sources.reduce((sum, source) => sum + statSync(join(root, source.endsWith('.sql') ? source : `${source}.sql`)).size, 0);
  return { files: sources.length, bytes };
}

/** Bytes kept as they are (some files are Latin-1); a line starting with a backslash becomes empty. */
function withoutMetaCommands(content: Buffer): Buffer {
  const text = content.toString('latin1').replace(/^[ \t]*\\[^\n]*$/gm, '');
  return Buffer.from(text, 'latin1');
}

function median(runs: Measurement[]): Measurement {
  const sorted = [...runs].sort((left, right) => left.wallSeconds - right.wallSeconds);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

function figures(m: Measurement): string {
  const cpu = m.cpuSeconds === undefined ? '' : `, ${m.cpuSeconds.toFixed(2)} s CPU`;
  const rss = m.peakRssMb === undefined ? '' : `, ${m.peakRssMb.toFixed(0)} MB`;
  return `${m.wallSeconds.toFixed(2)} s wall${cpu}${rss}`;
}

function verdict(ok: boolean): string {
  return ok ? 'PASS' : 'FAIL';
}
