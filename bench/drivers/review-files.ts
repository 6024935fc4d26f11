import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import type { Config } from '../../src/config/schema.js';
import type { ChangedFile } from '../../src/review-types/index.js';
import { walkFiles } from './walk-files.js';

/**
 * Bench driver: reviews many SQL files with the engine's review(), in its own process, so the
 * benchmark can measure it like any other command (wall time, peak RSS). File lists come from a
 * folder or a list file, not from argv (1,500 paths can exceed argument limits).
 *
 *   node --import tsx bench/drivers/review-files.ts [--dist] (--tree DIR | --list FILE [--root DIR]) [--per-file] [--out FILE]
 *
 * Default mode: one change with every file added, as `dbarch review PATH` does; prints the review
 * JSON. --per-file: one review() per file, in sequence (a warm process, the way a long-running app
 * reviews one migration after another); prints per-file timing percentiles. --dist runs the built
 * engine (dist/, after `npm run build`) instead of the TypeScript sources.
 */

interface Engine {
  review: typeof import('../../src/engine/review.js').review;
  defaultConfig: () => Config;
}

interface PerFileTiming {
  path: string;
  ms: number;
  statements: number;
  findings: number;
}

async function loadEngine(dist: boolean): Promise<Engine> {
  const module = (path: string) => new URL(`../../${dist ? 'dist' : 'src'}/${path}.${dist ? 'js' : 'ts'}`, import.meta.url).href;
  const [{ review }, { defaultConfig }] = await Promise.all([
    import(module('engine/review')) as Promise<typeof import('../../src/engine/review.js')>,
    import(module('config/load-config')) as Promise<typeof import('../../src/config/load-config.js')>,
  ]);
  return { review, defaultConfig };
}

/** Every file counts as SQL (Request Tracker's `schema.Pg` included), as squawk lints whatever it is given. */
function benchConfig(engine: Engine): Config {
  const config = engine.defaultConfig();
  config.paths = { ...config.paths, 'sql-migration': ['**/*.sql', '**/*.Pg'] };
  return config;
}

function inputFiles(options: { tree?: string; list?: string; root?: string }): { path: string; absolute: string }[] {
  if (options.tree)
    return walkFiles(options.tree)
      .filter((absolute) => absolute.endsWith('.sql'))
      .map((absolute) => ({ path: relative(options.tree!, absolute), absolute }));
  if (!options.list) throw new Error('give --tree DIR or --list FILE');
  const root = options.root ?? '.';
  return readFileSync(options.list, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((path) => ({ path, absolute: join(root, path) }));
}

async function reviewAsOneChange(engine: Engine, files: { path: string; absolute: string }[]): Promise<string> {
  const changed: ChangedFile[] = files.map((file) => ({ path: file.path, status: 'added', content: readFileSync(file.absolute, 'utf8') }));
  const result = await engine.review({ files: changed }, benchConfig(engine));
  return JSON.stringify(result);
}

async function reviewOneByOne(engine: Engine, files: { path: string; absolute: string }[]): Promise<string> {
  const config = benchConfig(engine);
  const timings: PerFileTiming[] = [];
  for (const file of files) {
    const content = readFileSync(file.absolute, 'utf8');
    const started = performance.now();
    const result = await engine.review({ files: [{ path: file.path, status: 'added', content }] }, config);
    timings.push({
      path: file.path,
      ms: performance.now() - started,
      statements: result.stats.statements,
      findings: result.stats.findings,
    });
  }
  const sorted = timings.map((timing) => timing.ms).sort((left, right) => left - right);
  const percentile = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
  return JSON.stringify({
    files: timings.length,
    totalMs: sorted.reduce((sum, ms) => sum + ms, 0),
    p50: percentile(50),
    p90: percentile(90),
    p99: percentile(99),
    max: percentile(100),
    slowest: [...timings].sort((left, right) => right.ms - left.ms).slice(0, 5),
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      dist: { type: 'boolean', default: false },
      tree: { type: 'string' },
      list: { type: 'string' },
      root: { type: 'string' },
      'per-file': { type: 'boolean', default: false },
      out: { type: 'string' },
    },
  });
  const engine = await loadEngine(values.dist);
  const files = inputFiles(values);
  const output = values['per-file'] ? await reviewOneByOne(engine, files) : await reviewAsOneChange(engine, files);
  if (values.out) writeFileSync(values.out, output);
  else process.stdout.write(`${output}\n`);
}

await main();
