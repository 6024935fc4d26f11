import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

/**
 * What to start a worker thread with, for a worker module that sits next to the caller. Running
 * from TypeScript sources (tests, tsx), a small bootstrap registers tsx's loader in the worker
 * first (Node refuses a .ts worker entry even with `--import tsx`); the built package runs the
 * plain .js file. Pass `evaluate` as the Worker's `eval` option.
 */
export function workerEntry(callerUrl: string, workerName: string): { entry: string | URL; evaluate: boolean } {
  if (!callerUrl.endsWith('.ts')) return { entry: new URL(`./${workerName}.js`, callerUrl), evaluate: false };
  const worker = new URL(`./${workerName}.ts`, callerUrl).href;
  const tsxApi = pathToFileURL(
    createRequire(callerUrl)
      .resolve('tsx/esm/api')
      .replace(/index\.cjs$/, 'index.mjs'),
  ).href;
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(worker)}); })`;
  return { entry: bootstrap, evaluate: true };
}
