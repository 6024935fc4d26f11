import { defaultConfig } from '../../src/config/load-config.js';
import { createEmbeddedDryRunner } from '../../src/dry-run/embedded-dry-run.js';
import { review } from '../../src/engine/review.js';
import type { Finding } from '../../src/review-types/index.js';

/**
 * Reviews one SQL migration with the embedded dry run on top of `base` (the migration before it),
 * as `dbarch review` does, for the dry-run findings' documented examples. Statements get 2 s
 * instead of 10 s, so an example that never ends costs little.
 */
export async function lintWithDryRun(sql: string, options: { base?: string } = {}): Promise<Finding[]> {
  const baseFiles = options.base ? [{ path: 'migrations/001_base.sql', content: options.base }] : [];
  const result = await review(
    { files: [{ path: 'migrations/002_change.sql', status: 'added', content: sql }], baseFiles },
    defaultConfig(),
    {
      dryRun: createEmbeddedDryRunner({ timeouts: { statementMs: 2000 } }),
    },
  );
  return result.findings;
}
