import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseStatsSnapshot, StatsError, type StatsSnapshot } from './stats-snapshot.js';

/**
 * Where a review's production statistics come from, first found wins: `--stats FILE|URL`, config
 * `stats.path` (a file in the repository), `DBARCH_STATS_DATABASE_URL` (a live read-only export;
 * CLI only). Never DATABASE_URL: that is the application's own database, and dbarch reads no
 * database it was not pointed at for this purpose. A source that is named but unusable is an error,
 * not a review without stats.
 */
export interface StatsSources {
  flag?: string;
  configPath?: string;
  /** `--stats` is relative to the current folder, `stats.path` to the repository root. */
  cwd: string;
  root: string;
  env: Readonly<Record<string, string | undefined>>;
}

export async function resolveTableStats(sources: StatsSources): Promise<StatsSnapshot | undefined> {
  if (sources.flag) return loadStats(sources.flag, sources.cwd);
  if (sources.configPath) return loadStats(sources.configPath, sources.root);
  const url = sources.env.DBARCH_STATS_DATABASE_URL;
  return url ? exportLive(url) : undefined;
}

/** A `postgres://` URL is exported live (read-only); anything else is a dbarch.stats/v1 file. */
export async function loadStats(source: string, folder: string): Promise<StatsSnapshot> {
  if (/^postgres(ql)?:\/\//i.test(source)) return exportLive(source);
  const path = resolve(folder, source);
  let content: string;
  try {
    content = await readFile(path, 'utf8');
  } catch (error) {
    throw new StatsError(`cannot read the stats file ${source}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  return parseStatsFile(content, source);
}

/** Loaded on use: a review without a live URL never loads the PostgreSQL client. */
async function exportLive(url: string): Promise<StatsSnapshot> {
  const { exportStats } = await import('./export-stats.js');
  return exportStats(url);
}

/**
 * A stats file's text as a snapshot. The GitHub App calls this with the `stats.path` file it read
 * from the pull request's base branch (a pull request cannot change its own statistics).
 */
export function parseStatsFile(content: string, path: string): StatsSnapshot {
  let document: unknown;
  try {
    document = JSON.parse(content);
  } catch (error) {
    throw new StatsError(`${path} is not JSON: ${(error as Error).message}`);
  }
  return parseStatsSnapshot(document, path);
}
