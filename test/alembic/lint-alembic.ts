import { defaultConfig } from '../../src/config/load-config.js';
import { review } from '../../src/engine/review.js';
import type { Finding } from '../../src/review-types/index.js';

/**
 * Reviews one Alembic revision through the whole engine, as the CLI would for a change that adds
 * it. `base` is a revision that already exists on the base branch (for graph rules).
 */
export interface LintAlembicOptions {
  base?: string;
  /** The revision as it is on the base branch: the change edits an applied revision. */
  previous?: string;
  pgVersion?: number;
  path?: string;
}

export async function lintAlembic(python: string, options: LintAlembicOptions = {}): Promise<Finding[]> {
  const config = defaultConfig();
  config.pgVersion = options.pgVersion ?? 16;
  const result = await review(
    {
      files: [
        {
          path: options.path ?? 'alembic/versions/0002_change.py',
          ...(options.previous !== undefined
            ? { status: 'modified' as const, baseContent: options.previous }
            : { status: 'added' as const }),
          content: python,
        },
      ],
      baseFiles: options.base ? [{ path: 'alembic/versions/0001_base.py', content: options.base }] : [],
    },
    config,
  );
  return result.findings;
}

/** Rule ids of the findings, for compact assertions. */
export async function alembicRuleIds(python: string, options: LintAlembicOptions = {}): Promise<string[]> {
  return (await lintAlembic(python, options)).map((finding) => finding.ruleId);
}
