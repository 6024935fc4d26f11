import { defaultConfig } from '../../src/config/load-config.js';
import { createEmbeddedDryRunner } from '../../src/dry-run/embedded-dry-run.js';
import type { DryRunOptions } from '../../src/dry-run/types.js';
import { review } from '../../src/engine/review.js';
import type { Finding, Review } from '../../src/review-types/index.js';

/**
 * Reviews changed SQL files with the embedded dry run, as `dbarch review` does: PATH mode (`paths`,
 * the base may lack tables) or against a ref (`diff`, the base is the whole history).
 */
export async function reviewWithDryRun(
  changes: Record<string, string>,
  options: { base?: Record<string, string>; mode?: 'paths' | 'diff'; dryRun?: DryRunOptions } = {},
): Promise<Review> {
  const files = Object.entries(changes).map(([path, content]) => ({ path, status: 'added' as const, content }));
  const baseFiles = Object.entries(options.base ?? {}).map(([path, content]) => ({ path, content }));
  return review({ files, baseFiles, mode: options.mode ?? 'paths' }, defaultConfig(), {
    dryRun: createEmbeddedDryRunner({ timeouts: { statementMs: 3000 }, ...options.dryRun }),
  });
}

export const dryRunFindings = (result: Review, ruleId?: string): Finding[] =>
  result.findings.filter((finding) => finding.source === 'dry-run' && (!ruleId || finding.ruleId === ruleId));
