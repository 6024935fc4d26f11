import { parseArgs } from 'node:util';
import { dryRunInput } from '../dry-run-history.js';

/**
 * Bench driver: one embedded dry run in a fresh process, as the CLI does it: the base state comes
 * from the on-disk cache when an earlier run left it there. Prints `{ ms, cached, ok }` on stdout.
 *
 *   node --import tsx bench/drivers/dry-run-once.ts --size N --cache DIR [--dist]
 */

const { values } = parseArgs({
  options: { size: { type: 'string' }, cache: { type: 'string' }, dist: { type: 'boolean', default: false } },
});
const source = (path: string) =>
  new URL(`../../${values.dist ? 'dist' : 'src'}/${path}.${values.dist ? 'js' : 'ts'}`, import.meta.url).href;
const [{ preferBaselineWasm }, { createEmbeddedDryRunner }] = await Promise.all([
  import(source('runtime/memory-tuning')) as Promise<typeof import('../../src/runtime/memory-tuning.js')>,
  import(source('dry-run/embedded-dry-run')) as Promise<typeof import('../../src/dry-run/embedded-dry-run.js')>,
]);
preferBaselineWasm(); // as the CLI does
const started = performance.now();
const result = await createEmbeddedDryRunner({ cacheDir: values.cache }).run(dryRunInput(Number(values.size)));
const ms = performance.now() - started;
const ok = result.base.built && result.files[0]?.statements[0]?.status === 'ok';
process.stdout.write(`${JSON.stringify({ ms, cached: result.base.cached, ok })}\n`);
