import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { dryRunInput } from '../dry-run-history.js';

/**
 * Bench driver: embedded dry runs in a fresh process, measured from outside for its peak RSS.
 * `--runs 1` is the CLI: one run, the base state from the on-disk cache when an earlier run left it
 * there. `--runs 2 --prestart` is the GitHub App: a second review on the same base a few seconds
 * later, in the same process, finding the spare sandbox the first one left (spare-sandbox.ts).
 * Prints `{ runs: [{ ms, cached, replayMs }], ok }` on stdout.
 *
 *   node --import tsx bench/drivers/dry-run-once.ts --size N --cache DIR [--runs N] [--prestart] [--dist]
 */

const { values } = parseArgs({
  options: {
    size: { type: 'string' },
    cache: { type: 'string' },
    runs: { type: 'string', default: '1' },
    prestart: { type: 'boolean', default: false },
    dist: { type: 'boolean', default: false },
  },
});
const source = (path: string) =>
  new URL(`../../${values.dist ? 'dist' : 'src'}/${path}.${values.dist ? 'js' : 'ts'}`, import.meta.url).href;
const [{ preferBaselineWasm }, { createEmbeddedDryRunner, discardSpareSandbox }] = await Promise.all([
  import(source('runtime/memory-tuning')) as Promise<typeof import('../../src/runtime/memory-tuning.js')>,
  import(source('dry-run/embedded-dry-run')) as Promise<typeof import('../../src/dry-run/embedded-dry-run.js')>,
]);
preferBaselineWasm(); // as the CLI and the App do
const runner = createEmbeddedDryRunner({ cacheDir: values.cache, prestart: values.prestart });
const runs: { ms: number; cached: boolean; replayMs: number }[] = [];
let ok = true;
for (let run = 0; run < Number(values.runs); run += 1) {
  if (run > 0) await sleep(3000); // reviews are seconds apart: the spare is up by then
  const started = performance.now();
  const result = await runner.run(dryRunInput(Number(values.size)));
  runs.push({ ms: performance.now() - started, cached: result.base.cached, replayMs: result.base.durationMs });
  ok &&= result.base.built && result.files[0]?.statements[0]?.status === 'ok';
}
await discardSpareSandbox();
process.stdout.write(`${JSON.stringify({ runs, ok })}\n`);
