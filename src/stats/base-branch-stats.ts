import type { Config } from '../config/schema.js';
import { parseStatsFile } from './load-stats.js';
import { StatsError, type StatsSnapshot } from './stats-snapshot.js';

/**
 * The GitHub App's way to its production statistics: config `stats.path`, read from the pull
 * request's base branch by the adapter's own `read` (a pull request cannot change its own stats).
 * A missing or invalid file is a note for the review's "not reviewed" list, never a crash, and the
 * review goes on without stats: every existing table is then judged big and busy, so nothing is
 * lowered by a file that could not be used. Pass `tableStats` to review()'s deps.
 */
export interface BaseBranchStats {
  tableStats?: StatsSnapshot;
  /** For `review.stats.skipped.stats`. */
  note?: string;
}

export async function statsFromBaseBranch(
  settings: Config['stats'],
  read: (path: string) => Promise<string | undefined>,
): Promise<BaseBranchStats> {
  const path = settings.path;
  if (!path) return {};
  const without = 'reviewed without production statistics (every existing table judged big and busy)';
  const content = await read(path);
  if (content === undefined) return { note: `stats.path ${path} is not on the base branch: ${without}` };
  try {
    return { tableStats: parseStatsFile(content, path) };
  } catch (error) {
    if (!(error instanceof StatsError)) throw error;
    return { note: `${error.message}: ${without}` };
  }
}
