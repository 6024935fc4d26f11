import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * PGlite's WebAssembly (the PostgreSQL server and initdb) compiled once per process, and its file
 * system bundle read once, for every sandbox worker to start from. A compiled WebAssembly.Module
 * crosses to a worker thread without being compiled again; left to itself, PGlite reads and
 * compiles both modules in every worker (measured in a worker, 2 CPUs: PGlite.create from a
 * 300-migration base took 0.39 s with them handed over, 0.43–0.52 s without).
 */
export interface PgliteArtifacts {
  pgliteWasmModule: WebAssembly.Module;
  initdbWasmModule: WebAssembly.Module;
  fsBundle: Uint8Array;
}

/** PGlite's dist folder, where its modules and bundle sit next to its entry point. */
const PGLITE_DIST = pgliteDist();
/** The PGlite release: cached states are valid for that release only. */
export const PGLITE_VERSION = pgliteVersion();

let loading: Promise<PgliteArtifacts> | undefined;

export function pgliteArtifacts(): Promise<PgliteArtifacts> {
  loading ??= load().catch((error: unknown) => {
    loading = undefined; // a later sandbox tries again (and fails with the same message if it must)
    throw error;
  });
  return loading;
}

async function load(): Promise<PgliteArtifacts> {
  if (!PGLITE_DIST) throw new Error('@electric-sql/pglite is not installed');
  const [pglite, initdb, fsBundle] = await Promise.all(
    ['pglite.wasm', 'initdb.wasm', 'pglite.data'].map((name) => readFile(join(PGLITE_DIST, name))),
  );
  const [pgliteWasmModule, initdbWasmModule] = await Promise.all([WebAssembly.compile(pglite!), WebAssembly.compile(initdb!)]);
  return { pgliteWasmModule, initdbWasmModule, fsBundle: new Uint8Array(fsBundle!) };
}

function pgliteDist(): string | undefined {
  try {
    return dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
  } catch {
    return undefined;
  }
}

function pgliteVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(PGLITE_DIST!, '..', 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}
