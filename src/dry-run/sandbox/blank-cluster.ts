import { readFile, writeFile } from 'node:fs/promises';
import type { BaseCache } from '../replay/base-cache.js';
import { PGLITE_VERSION } from './pglite-artifacts.js';
import { PgliteSandbox, type SandboxLimits } from './sandbox.js';

/**
 * The empty cluster every base replay starts from: initdb in PGlite, its template databases dropped
 * (see DROP_TEMPLATES in pglite-worker.ts), dumped once and cached. initdb is the slowest and most
 * memory-hungry way to start (a first dry run of a 300-migration base, bench driver: 3.4 s and
 * 594 MB peak RSS, against 1.8 s and 403 MB from a dump), so `npm run build` makes the dump ahead of time
 * (scripts/build-blank-cluster.mjs → dist/dry-run/sandbox/blank-cluster.tgz) and a first run starts from
 * it. Without it (running from sources, or another PGlite version) initdb runs once per cache.
 */

/** Changes with what the blank holds (2: no template databases) and with PGlite. */
export const BLANK_KEY = `blank-2-${PGLITE_VERSION}`;
/** Where the build puts the blank cluster: next to this module, with the key it was made for. */
const BUNDLED_FOLDER = new URL('./', import.meta.url);

export async function startBlank(cache: BaseCache, limits: SandboxLimits, bundled = BUNDLED_FOLDER): Promise<PgliteSandbox> {
  const blank = await blankDataDir(cache, bundled);
  if (blank) return PgliteSandbox.start({ dataDir: blank.slice() }, limits);
  const sandbox = await initdb(limits);
  const dataDir = await sandbox.request({ op: 'dump' }, { timeoutMs: limits.startMs });
  await cache.set(BLANK_KEY, { dataDir, skipped: [], files: 0, statements: 0 });
  return sandbox;
}

/** The blank cluster's data dir (cached, else the build's), when there is one; without, startBlank runs initdb. */
export async function blankDataDir(cache: BaseCache, bundled = BUNDLED_FOLDER): Promise<Uint8Array | undefined> {
  return (await cache.get(BLANK_KEY))?.dataDir ?? (await bundledBlank(bundled));
}

/** Writes the blank cluster next to this module (the build's step; see the header), or into `folder`. */
export async function writeBundledBlank(limits: SandboxLimits, folder = BUNDLED_FOLDER): Promise<number> {
  const sandbox = await initdb(limits);
  try {
    const dataDir = await sandbox.request({ op: 'dump' }, { timeoutMs: limits.startMs });
    await writeFile(new URL('blank-cluster.tgz', folder), dataDir);
    await writeFile(new URL('blank-cluster.key', folder), `${BLANK_KEY}\n`);
    return dataDir.length;
  } finally {
    await sandbox.close();
  }
}

async function initdb(limits: SandboxLimits): Promise<PgliteSandbox> {
  const sandbox = await PgliteSandbox.start({}, limits);
  await sandbox.request({ op: 'drop-templates' }, { timeoutMs: limits.startMs });
  return sandbox;
}

/** The build's blank cluster, when there is one for this PGlite. */
async function bundledBlank(folder: URL): Promise<Uint8Array | undefined> {
  try {
    if ((await readFile(new URL('blank-cluster.key', folder), 'utf8')).trim() !== BLANK_KEY) return undefined;
    return new Uint8Array(await readFile(new URL('blank-cluster.tgz', folder)));
  } catch {
    return undefined;
  }
}
