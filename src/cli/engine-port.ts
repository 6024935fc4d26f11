import type { Config } from '../config/schema.js';
import type { Changeset, FileKind, Review } from '../review-types/index.js';
import type { RuleMetadata } from '../render/sarif.js';
import { preferBaselineWasm } from '../runtime/memory-tuning.js';
import type { StatsSnapshot } from '../stats/stats-snapshot.js';

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
  /** --dry-run-database-url: a disposable server for the dry run (src/dry-run/dry-runner.ts). */
  dryRunDatabaseUrl?: string;
  /** --llm-model, --llm-base-url; `root` locates the caches (runtime/cache-location.ts). */
  llmModel?: string;
  llmBaseUrl?: string;
  root?: string;
  /** Production table statistics (--stats, config stats.path, DBARCH_STATS_DATABASE_URL): passed to review(). */
  tableStats?: StatsSnapshot;
}

export interface CliEngine {
  review(changeset: Changeset, config: Config, options: ReviewRunOptions): Promise<Review>;
  classifyPath(path: string, config: Config, options: { explicit: boolean }): FileKind;
  /** Metadata of every rule, for SARIF's rule table. */
  rules: readonly RuleMetadata[];
}

export async function loadEngine(): Promise<CliEngine> {
  // Before the parser's and PGlite's WebAssembly is compiled (see memory-tuning.ts).
  preferBaselineWasm();
  const { review: reviewChangeset, classifyPath, ALL_RULES, ruleDocsUrl, cliLlmDeps, cliDryRunner } = await import('./engine-modules.js');
  // Dry run (src/dry-run/cli-dry-runner.ts): embedded PGlite, or a scratch database on DBARCH_DRY_RUN_DATABASE_URL.
  // The adapter, not the engine, builds the OpenAI-backed model (DESIGN.md: the engine never imports openai).
  const review: CliEngine['review'] = (changeset, config, options) =>
    reviewChangeset(changeset, config, { ...options, ...cliLlmDeps(options, config), dryRun: cliDryRunner(options, config) });
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
