import { join } from 'node:path';
import type { Config } from '../config/schema.js';
import { dbarchCacheDir } from '../runtime/cache-location.js';
import { createEmbeddedDryRunner } from './embedded-dry-run.js';
import { createServerDryRunner } from './server/server-dry-run.js';
import type { SharedBaseStore } from './replay/base-cache.js';
import type { DryRunner } from './types.js';

/**
 * The dry runner an adapter (CLI, GitHub App) gives the engine: a real server when the user named
 * one for this (--dry-run-database-url, DBARCH_DRY_RUN_DATABASE_URL or the config's
 * dryRun.databaseUrl; a scratch database and role are created and dropped there), else the embedded
 * PGlite with its
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
  /** Built bases shared with the deployment's other workers (the App with Redis). */
  sharedCache?: SharedBaseStore;
  /** Keep a sandbox started ahead on the last base (a long-running process: the App). */
  prestart?: boolean;
  /** --dry-run-database-url. */
  dryRunDatabaseUrl?: string;
}

/**
 * Never DATABASE_URL: Prisma, Rails, Django and Heroku shells set it to the application's own
 * database, and a server dry run creates databases and roles and runs the PR's SQL there.
 */
export const DATABASE_URL_IGNORED =
  'DATABASE_URL is set but was not used: the dry run runs on a real server only when DBARCH_DRY_RUN_DATABASE_URL, --dry-run-database-url or dryRun.databaseUrl names a disposable one';

/** PGlite's PostgreSQL major version (its lock modes and rewrite rules are the ones observed). */
const EMBEDDED_MAJOR = 18;

export function createDryRunner(
  options: DryRunnerOptions,
  config: Config,
  env: Readonly<Record<string, string | undefined>> = process.env,
): DryRunner | false {
  if (!options.dryRun) return false;
  const databaseUrl = options.dryRunDatabaseUrl?.trim() || env.DBARCH_DRY_RUN_DATABASE_URL?.trim() || config.dryRun?.databaseUrl?.trim();
  if (databaseUrl) return createServerDryRunner({ databaseUrl });
  const notes = env.DATABASE_URL?.trim() ? [DATABASE_URL_IGNORED] : [];
  const pgVersionNote =
    config.pgVersion === EMBEDDED_MAJOR
      ? undefined
      : `observed on PostgreSQL ${EMBEDDED_MAJOR} (embedded); production runs ${config.pgVersion} (pgVersion): set DBARCH_DRY_RUN_DATABASE_URL to a disposable server of that version for its exact behaviour`;
  const cacheDir = options.cacheDir ?? (options.root ? join(dbarchCacheDir(options.root), 'dry-run') : undefined);
  return createEmbeddedDryRunner({
    ...(cacheDir ? { cacheDir } : {}),
    ...(options.sharedCache ? { sharedCache: options.sharedCache } : {}),
    ...(pgVersionNote ? { pgVersionNote } : {}),
    ...(options.prestart ? { prestart: true } : {}),
    ...(notes.length > 0 ? { notes } : {}),
  });
}
