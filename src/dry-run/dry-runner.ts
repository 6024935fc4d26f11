import { join } from 'node:path';
import type { Config } from '../config/schema.js';
import { dbarchCacheDir } from '../runtime/cache-location.js';
import { createEmbeddedDryRunner } from './embedded-dry-run.js';
import { createServerDryRunner } from './server-dry-run.js';
import type { DryRunner } from './types.js';

/**
 * The dry runner an adapter (CLI, GitHub App) gives the engine: a real server when DATABASE_URL
 * names one (a scratch database is created and dropped there), else the embedded PGlite with its
 * built base states cached under `dry-run` of dbarchCacheDir() (runtime/cache-location.ts) or `cacheDir` (in memory without
 * either). `false` with --no-dry-run. Each run() starts and closes its own sandbox or scratch
 * database; with `prestart` (the App) a spare sandbox on the last base waits for the next review.
 */
export interface DryRunnerOptions {
  /** false with --no-dry-run. */
  dryRun: boolean;
  /** Repository root (or the current folder outside git): holds the base cache. */
  root?: string;
  /** The base cache's folder, when not under `root` (the App: DBARCH_CACHE_DIR). */
  cacheDir?: string;
  /** Keep a sandbox started ahead on the last base (a long-running process: the App). */
  prestart?: boolean;
}

/** PGlite's PostgreSQL major version (its lock modes and rewrite rules are the ones observed). */
const EMBEDDED_MAJOR = 18;

export function createDryRunner(
  options: DryRunnerOptions,
  config: Config,
  env: Readonly<Record<string, string | undefined>> = process.env,
): DryRunner | false {
  if (!options.dryRun) return false;
  const databaseUrl = env.DATABASE_URL?.trim();
  if (databaseUrl) return createServerDryRunner({ databaseUrl });
  const pgVersionNote =
    config.pgVersion === EMBEDDED_MAJOR
      ? undefined
      : `observed on PostgreSQL ${EMBEDDED_MAJOR} (embedded); production runs ${config.pgVersion} (pgVersion): set DATABASE_URL to a disposable server of that version for its exact behaviour`;
  const cacheDir = options.cacheDir ?? (options.root ? join(dbarchCacheDir(options.root), 'dry-run') : undefined);
  return createEmbeddedDryRunner({
    ...(cacheDir ? { cacheDir } : {}),
    ...(pgVersionNote ? { pgVersionNote } : {}),
    ...(options.prestart ? { prestart: true } : {}),
  });
}
