import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * PGlite's WebAssembly (the PostgreSQL server and initdb) compiled once per process, and its file
 * system bundle read once, for every sandbox worker to start from. A compiled WebAssembly.Module
 * crosses to a worker thread without being compiled again; left to itself, PGlite reads and
 * compiles both modules in every worker, which is most of a sandbox's start-up (about 0.3 s of a
 * warm dry run's 0.7 s, 2 CPUs).
 */
export interface PgliteArtifacts {
  pgliteWasmModule: WebAssembly.Module;
  initdbWasmModule: WebAssembly.Module;
  fsBundle: Uint8Array;
}

let loading: Promise<PgliteArtifacts> | undefined;

export function pgliteArtifacts(): Promise<PgliteArtifacts> {
  loading ??= load().catch((error: unknown) => {
    loading = undefined; // a later sandbox tries again (and fails with the same message if it must)
    throw error;
  });
  return loading;
}

async function load(): Promise<PgliteArtifacts> {
  const folder = dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
  const [pglite, initdb, fsBundle] = await Promise.all(
    ['pglite.wasm', 'initdb.wasm', 'pglite.data'].map((name) => readFile(join(folder, name))),
  );
  const [pgliteWasmModule, initdbWasmModule] = await Promise.all([WebAssembly.compile(pglite!), WebAssembly.compile(initdb!)]);
  return { pgliteWasmModule, initdbWasmModule, fsBundle: new Uint8Array(fsBundle!) };
}
