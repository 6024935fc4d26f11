import type { Config } from '../config/schema.js';
import type { DryRunner } from '../dry-run/types.js';
import { isRuleOff } from '../findings/rule-settings.js';
import { loadSqlParser } from '../parse/sql/parse-sql.js';
import { ALL_RULES } from '../rules/index.js';
import type { Changeset, Review } from '../review-types/index.js';
import { applyTableStats } from '../stats/apply-stats.js';
import type { StatsSnapshot } from '../stats/stats-snapshot.js';
import { assembleReview } from './assemble-review.js';
import { readBase } from './base/read-base.js';
import { learnChangeContext } from './changes/change-context.js';
import { classifyChanges, type ClassifiedFile } from './changes/classify-changes.js';
import { orderForReview } from './changes/order-for-review.js';
import { runDryRun, type DryRunEvidence } from './evidence/dry-run.js';
import { dryRunBase } from './evidence/dry-run-input.js';
import { askArchitect, mergeAdvice, type LlmStageDeps } from './evidence/llm-advice.js';
import { mergeDryRun } from './evidence/merge-dry-run.js';
import { reviewEachFile } from './files/review-each-file.js';

/**
 * The engine: a changeset in, a review out. Each step returns what the next ones need:
 *   1. classify the changed and base files (setting aside other dialects and schema snapshots)
 *   2. read the base once: its migrations in order and the schema they leave (base/read-base.ts)
 *   3. learn what the change as a whole tells each file (changes/change-context.ts)
 *   4. order the files as their tools apply them
 *   5. review each file with the reviewer of its kind; each ends in finishFile (src/findings)
 *   6. dry-run the SQL migrations on the same base: evidence of locks, rewrites and failures
 *   7. merge the evidence: the dry run's, then production table stats'
 *   8. assemble the review: verdict, findings in order, rollout plan, stats
 *   9. ask the LLM architect about the assembled review, and 10. merge its advice (never a risk)
 * No I/O here: adapters (CLI, GitHub App, Action) collect the changeset and publish the result.
 */

/** LLM architect review (src/engine/evidence/llm-advice.ts): `model`, `llmSkipped`, `llmCache`. */
export interface ReviewDeps extends LlmStageDeps {
  onProgress?: (done: number, total: number, path: string) => void;
  now?: () => number;
  /**
   * Dry run (embedded PGlite or a real server). Absent or `true` without a runner: no dry run
   * (review() never starts PostgreSQL on its own); `false` (--no-dry-run): none, and stats say so.
   */
  dryRun?: DryRunner | boolean;
  /** Production table sizes and traffic (dbarch.stats/v1): findings get sizes and duration estimates (src/stats). */
  tableStats?: StatsSnapshot;
}

export async function review(input: Changeset, config: Config, deps: ReviewDeps = {}): Promise<Review> {
  const now = deps.now ?? Date.now;
  const started = now();
  await loadSqlParser();
  const rules = ALL_RULES.filter((rule) => !isRuleOff(config, rule.id));
  const runner = typeof deps.dryRun === 'object' ? deps.dryRun : undefined;

  const { files: classified, changeset, baseFiles, baseNote } = classifyChanges(input, config); // 1
  const base = readBase(changeset, baseFiles, { appliedFacts: deps.model !== undefined }); // 2
  // The dry run's base is known now: its sandbox starts while steps 3–5 run (DryRunner.prepare),
  // when the change has SQL migrations for it to run (a models-only change starts no PostgreSQL).
  const dry = runner ? { runner, base: dryRunBase(changeset, base.beforeChange) } : undefined;
  if (dry && classified.some(runsInDryRun)) await dry.runner.prepare?.(dry.base.base);
  const facts = base.facts.copy('change');
  const change = await learnChangeContext(classified, changeset, base, facts); // 3
  const ordered = orderForReview(classified, changeset, change.alembic); // 4
  const reviewed = reviewEachFile(ordered, { config, rules, facts, change, dryRun: runner !== undefined }, deps.onProgress); // 5
  const dryRun: DryRunEvidence | undefined = dry // 6
    ? await runDryRun(changeset, dry.base, reviewed, dry.runner)
    : deps.dryRun === false
      ? { skipped: 'turned off with --no-dry-run' }
      : undefined;

  const files = reviewed.map((outcome) => outcome.review); // 7
  if (dryRun) mergeDryRun(files, dryRun, config);
  // Stats after the dry run: its findings get sizes and estimates too.
  if (deps.tableStats) applyTableStats(files, deps.tableStats, config.stats);

  const result = assembleReview(changeset, files, {
    suppressed: reviewed.reduce((sum, outcome) => sum + outcome.suppressed, 0),
    durationMs: now() - started,
    skipped: {
      ...(dryRun?.skipped ? { 'dry-run': dryRun.skipped } : {}),
      ...(baseNote ? { 'schema.base': baseNote } : {}),
    },
  }); // 8
  if (dryRun?.summary) result.dryRun = dryRun.summary;

  const advice = await askArchitect(result, changeset, base.appliedFacts ?? base.facts, config, deps); // 9
  mergeAdvice(result, advice); // 10
  if (deps.model) result.stats.durationMs = now() - started;
  return result;
}

/** A changed SQL migration with contents: what step 6 may run (rollback scripts are skipped there). */
function runsInDryRun(file: ClassifiedFile): boolean {
  return (file.kind === 'sql-migration' || file.kind === 'prisma-migration') && file.content !== undefined && file.status !== 'removed';
}
