import type { Config } from '../config/schema.js';
import type { Changeset, FileKind, Review } from '../engine/types.js';
import type { RuleMetadata } from '../render/sarif.js';

/**
 * The parts of the engine the CLI drives. main() loads the real ones lazily (so `--help` does not
 * load the SQL parser) and tests pass their own.
 */
export interface ReviewRunOptions {
  onProgress?: (done: number, total: number, path: string) => void;
  /** false with --no-llm: no request to a model. Passed through for the engine's LLM stage. */
  llm: boolean;
  /** false with --no-dry-run: no embedded PostgreSQL. Passed through for the engine's dry-run stage. */
  dryRun: boolean;
}

export interface CliEngine {
  review(changeset: Changeset, config: Config, options: ReviewRunOptions): Promise<Review>;
  classifyPath(path: string, config: Config, options: { explicit: boolean }): FileKind;
  /** Metadata of every rule, for SARIF's rule table. */
  rules: readonly RuleMetadata[];
}

export async function loadEngine(): Promise<CliEngine> {
  const [{ review }, { classifyPath }, { ALL_RULES }, { ruleDocsUrl }] = await Promise.all([
    import('../engine/review.js'),
    import('../classify/classify-file.js'),
    import('../rules/registry.js'),
    import('../rules/docs-url.js'),
  ]);
  const rules = ALL_RULES.map((rule) => ({
    id: rule.id,
    summary: rule.summary,
    help: rule.help,
    severity: rule.severity,
    category: rule.category,
    docsUrl: ruleDocsUrl(rule.id),
  }));
  return { review, classifyPath, rules };
}
