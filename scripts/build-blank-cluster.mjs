// Makes the embedded dry run's blank cluster ahead of time (dist/dry-run/sandbox/blank-cluster.tgz;
// why: src/dry-run/sandbox/blank-cluster.ts). Runs after tsc in `npm run build`. A failure only
// warns: the dry run then runs initdb on its first use, as it does from the sources.
const { preferBaselineWasm } = await import('../dist/runtime/memory-tuning.js');
const { writeBundledBlank } = await import('../dist/dry-run/sandbox/blank-cluster.js');

preferBaselineWasm(); // as the CLI runs it
try {
  const bytes = await writeBundledBlank({ startMs: 120_000, memoryLimitMb: 4096 });
  console.log(`wrote the dry run's blank cluster (${(bytes / 1e6).toFixed(1)} MB) to dist/dry-run/sandbox`);
} catch (error) {
  console.warn(`could not make the dry run's blank cluster ahead of time (${error.message}); the first dry run will run initdb`);
}
