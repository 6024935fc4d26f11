import { parseArgs } from 'node:util';
import { benchAlembic } from './alembic.js';
import { benchDryRun } from './dry-run.js';
import { benchGitHub } from './github.js';
import { benchLlm } from './llm.js';
import { benchPeers } from './peers.js';
import { benchQuietness } from './quietness.js';
import { benchQueue } from './queue.js';
import { benchSpeed } from './speed.js';
import { benchStaticReview } from './static-review.js';
import { benchStatsEstimates } from './stats-estimates.js';

/**
 * `npm run bench [-- NAME…] [--runs N] [--no-build]`: runs the benchmarks (all by default, in this
 * order) and prints their tables. Benchmarks measure; they do not fail the build.
 * `peers` also takes `--peers DIR` (default ../shared/peers), `--dry-run`, `--dry-run-sample N` and
 * `--verbose` (lists each disagreement); `stats-estimates` takes `--sizes 100000,1000000` (rows).
 */

interface RunOptions {
  runs: number;
  build: boolean;
  peers?: string;
  dryRun: boolean;
  dryRunSample?: number;
  verbose: boolean;
  /** stats-estimates: table sizes in rows. */
  sizes?: number[];
}

const BENCHMARKS: Record<string, (options: RunOptions) => Promise<unknown>> = {
  'static-review': (options) => benchStaticReview(options),
  speed: (options) => benchSpeed({ runs: options.runs, build: options.build }),
  quietness: () => benchQuietness(),
  alembic: (options) => benchAlembic({ runs: options.runs }),
  'dry-run': () => benchDryRun(),
  github: (options) => benchGitHub({ runs: options.runs }),
  llm: () => benchLlm(),
  'stats-estimates': (options) => benchStatsEstimates({ sizes: options.sizes }),
  queue: () => benchQueue(),
  peers: (options) =>
    benchPeers({ folder: options.peers, dryRun: options.dryRun, dryRunSample: options.dryRunSample, verbose: options.verbose }),
};

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    runs: { type: 'string', default: '1' },
    'no-build': { type: 'boolean', default: false },
    peers: { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
    'dry-run-sample': { type: 'string' },
    verbose: { type: 'boolean', default: false },
    sizes: { type: 'string' },
  },
});
const selected = positionals.length > 0 ? positionals : Object.keys(BENCHMARKS);
const unknown = selected.filter((name) => !(name in BENCHMARKS));
if (unknown.length > 0) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}; available: ${Object.keys(BENCHMARKS).join(', ')}`);
  process.exit(2);
}
const sample = values['dry-run-sample'] === undefined ? undefined : Number(values['dry-run-sample']);
if (sample !== undefined && !(Number.isInteger(sample) && sample > 0)) {
  console.error(`--dry-run-sample takes a positive whole number of cases, not "${values['dry-run-sample']}"`);
  process.exit(2);
}
const sizes = values.sizes?.split(',').map(Number);
if (sizes && !sizes.every((size) => Number.isInteger(size) && size > 0)) {
  console.error(`--sizes takes comma-separated positive whole numbers of rows, not "${values.sizes}"`);
  process.exit(2);
}
const options: RunOptions = {
  runs: Math.max(1, Number(values.runs) || 1),
  build: !values['no-build'],
  peers: values.peers,
  dryRun: values['dry-run'] || sample !== undefined,
  dryRunSample: sample,
  verbose: values.verbose,
  sizes,
};
for (const name of selected) await BENCHMARKS[name]!(options);
