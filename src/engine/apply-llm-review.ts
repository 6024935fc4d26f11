import type { Config } from '../config/schema.js';
import { sharedReviewCache, type ReviewCache } from '../llm/review-cache.js';
import type { ReviewModel } from '../llm/review-model.js';
import { runLlmReview, type InstallationSpend } from '../llm/run-llm-review.js';
import type { Changeset, FileReview, Finding, Review } from '../review-types/index.js';

/**
 * Pipeline stage "llm": the architect's advice, merged last. It adds findings (source "llm", risk
 * "safe", at most "warning") and the summary, and never touches a risk: the verdict and the check
 * stay what the rules and the dry run decided (DESIGN.md, "GitHub surface"). Mutates `review`.
 * The engine only knows the ReviewModel interface; adapters build the OpenAI-backed model.
 */
export interface LlmStageDeps {
  model?: ReviewModel;
  /** Why the adapter has no model (no API key, --no-llm): said in stats.skipped.llm. */
  llmSkipped?: string;
  /** Default: one in-memory cache for the whole process. */
  llmCache?: ReviewCache;
  /** false: advice outside the changed lines stays a finding (default: moved to the summary). */
  llmOutsideToSummary?: boolean;
  /** GitHub App: the installation's spend ledger, for llm.perInstallationDailyCostLimitUsd (CLI: none). */
  llmSpend?: InstallationSpend;
  signal?: AbortSignal;
}

export async function applyLlmReview(review: Review, changeset: Changeset, config: Config, deps: LlmStageDeps): Promise<void> {
  if (deps.llmSkipped !== undefined) {
    review.stats.skipped.llm = deps.llmSkipped;
    return;
  }
  if (!deps.model) return;
  if (!config.llm.enabled) {
    review.stats.skipped.llm = 'turned off in the config (llm.enabled: false)';
    return;
  }
  const result = await runLlmReview({
    review,
    changeset,
    config,
    model: deps.model,
    cache: deps.llmCache ?? sharedReviewCache,
    moveOutsideToSummary: deps.llmOutsideToSummary,
    spend: deps.llmSpend,
    signal: deps.signal,
  });
  if (result.skipped) review.stats.skipped.llm = result.skipped;
  if (result.stats) review.stats.llm = result.stats;
  if (result.advice) review.advice = result.advice;
  mergeFindings(review, result.findings);
}

function mergeFindings(review: Review, findings: readonly Finding[]): void {
  if (findings.length === 0) return;
  const touched = new Set<FileReview>();
  for (const finding of findings) {
    const file = review.files.find((candidate) => candidate.path === finding.path);
    if (!file) continue;
    file.findings.push(finding);
    touched.add(file);
  }
  // Each file's findings stay in line/column order, as review() left them.
  for (const file of touched) file.findings.sort(byLocation);
  review.findings = review.files.flatMap((file) => file.findings).sort(byLocation);
  review.stats.findings = review.findings.length;
  review.stats.bySeverity = { error: 0, warning: 0, notice: 0 };
  for (const finding of review.findings) review.stats.bySeverity[finding.severity] += 1;
}

/** The order review() uses: path, line, column, rule. */
function byLocation(a: Finding, b: Finding): number {
  return a.path.localeCompare(b.path) || a.line - b.line || (a.column ?? 0) - (b.column ?? 0) || a.ruleId.localeCompare(b.ruleId);
}
