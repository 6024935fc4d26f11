import type { Config } from '../../config/schema.js';
import { byLocation } from '../../findings/finding-order.js';
import { countBySeverity } from '../assemble-review.js';
import { sharedReviewCache, type ReviewCache } from '../../llm/review-cache.js';
import type { ReviewModel } from '../../llm/review-model.js';
import type { InstallationSpend } from '../../llm/run-llm-review.js';
import type { SchemaFacts } from '../../analysis/schema-facts.js';
import type { Changeset, FileReview, Finding, LlmAdvice, LlmStats, Review } from '../../review-types/index.js';

/**
 * Steps 9 and 10 of review(): the architect's advice on the assembled review, then merged into it.
 * It adds findings (source "llm", risk "safe", at most "warning") and the summary, and never
 * touches a risk: the verdict and the check stay what the rules and the dry run decided (DESIGN.md,
 * "GitHub surface"). The engine only knows the ReviewModel interface; adapters build the
 * OpenAI-backed model.
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

/** What the LLM stage returns: its findings and summary, or why there are none. */
export interface LlmEvidence {
  findings: readonly Finding[];
  advice?: LlmAdvice;
  stats?: LlmStats;
  skipped?: string;
}

/** Undefined when there is nothing to say (no model and no reason given for its absence). */
export async function askArchitect(
  review: Review,
  changeset: Changeset,
  baseFacts: SchemaFacts,
  config: Config,
  deps: LlmStageDeps,
): Promise<LlmEvidence | undefined> {
  if (deps.llmSkipped !== undefined) return { findings: [], skipped: deps.llmSkipped };
  if (!deps.model) return undefined;
  if (!config.llm.enabled) return { findings: [], skipped: 'turned off in the config (llm.enabled: false)' };
  // Imported here: building the request loads gpt-tokenizer (about 0.1–0.3 s), which a run without a model never needs.
  const { runLlmReview } = await import('../../llm/run-llm-review.js');
  return runLlmReview({
    review,
    changeset,
    baseFacts,
    config,
    model: deps.model,
    cache: deps.llmCache ?? sharedReviewCache,
    moveOutsideToSummary: deps.llmOutsideToSummary,
    spend: deps.llmSpend,
    signal: deps.signal,
  });
}

/** The review with the LLM's evidence merged: its findings in place, its summary, stats or the reason it has none. */
export function mergeAdvice(review: Review, evidence: LlmEvidence | undefined): void {
  if (!evidence) return;
  if (evidence.skipped) review.stats.skipped.llm = evidence.skipped;
  if (evidence.stats) review.stats.llm = evidence.stats;
  if (evidence.advice) review.advice = evidence.advice;
  mergeFindings(review, evidence.findings);
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
  review.stats.bySeverity = countBySeverity(review.findings);
}
