import type { Config } from '../config/schema.js';
import { statsFromBaseBranch, type BaseBranchStats } from '../stats/base-branch-stats.js';
import type { GitHub, PullRequestTarget } from './target.js';

/**
 * The production statistics of config `stats.path`, read from the pull request's base commit (a
 * pull request cannot shrink its own tables). A file that is not there, or not valid, is a note and
 * the review runs without stats, judging every existing table big and busy.
 */
export async function loadBaseStats(
  github: GitHub,
  target: PullRequestTarget,
  settings: Config['stats'],
  signal?: AbortSignal,
): Promise<BaseBranchStats> {
  return statsFromBaseBranch(settings, async (path) => {
    try {
      const { data } = await github.rest.repos.getContent({
        owner: target.owner,
        repo: target.repo,
        path,
        ref: target.baseSha,
        mediaType: { format: 'raw' },
        request: { signal },
      });
      return typeof data === 'string' ? data : undefined;
    } catch (error) {
      if ((error as { status?: number }).status === 404) return undefined;
      throw error;
    }
  });
}
