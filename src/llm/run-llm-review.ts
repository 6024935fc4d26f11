import type { Config } from '../config/schema.js';
import type { Changeset, Finding, LlmAdvice, LlmStats, Review } from '../review-types/index.js';
import type { SchemaFacts } from '../analysis/schema-facts.js';
import { describeTables, touchedRelations } from './base-schema.js';
import { placeAdvice } from './place-advice.js';
import { estimateCostUsd } from './pricing.js';
import { PROMPT_VERSION } from './prompt-files.js';
import { redactSecrets } from './redact-secrets.js';
import { cacheKey, type CachedAdvice, type ReviewCache } from './review-cache.js';
import { ModelTimeoutError, ReviewModelError, type ReviewModel, type TokenUsage } from './review-model.js';
import { BudgetTooSmallError, buildReviewRequest, type ReviewRequest } from './review-request.js';
import { MAX_SUMMARY_LENGTH, sanitiseText } from './sanitize-output.js';
import type { SpendCharge, SpendLedger } from './spend-ledger.js';

/**
 * The LLM architect review of one change, from the assembled rule/dry-run review to advice:
 *   1. build the grounded, budgeted request      2. check the per-review spend limit
 *   3. answer from the cache, or (within the installation's daily budget, if any) ask the model
 *   4. place the advice (inline or summary)
 * Every expected failure (budget, cost, timeout, 429, invalid output) becomes `skipped`: the review
 * is published without the LLM part and says why.
 */
export interface LlmReviewInput {
  review: Review;
  changeset: Changeset;
  /** The schema production has before the change (the base snapshot's, engine/base/read-base.ts). */
  baseFacts: SchemaFacts;
  config: Config;
  model: ReviewModel;
  cache: ReviewCache;
  /** false: advice outside the changed lines stays a finding instead of moving to the summary. */
  moveOutsideToSummary?: boolean;
  /** The GitHub App's spend of this installation (llm.perInstallationDailyCostLimitUsd); none in the CLI. */
  spend?: InstallationSpend;
  signal?: AbortSignal;
}

export interface InstallationSpend {
  ledger: SpendLedger;
  installationId: number;
  /** The operator's cap (DBARCH_LLM_DAILY_LIMIT_USD): a repository's config can lower the budget, never raise it past this. */
  operatorLimitUsd?: number;
}

export interface LlmReviewResult {
  findings: Finding[];
  advice?: LlmAdvice;
  stats?: LlmStats;
  /** Why there is no LLM part (for stats.skipped.llm). */
  skipped?: string;
}

export async function runLlmReview(input: LlmReviewInput): Promise<LlmReviewResult> {
  const request = buildRequest(input);
  if (typeof request === 'string') return { findings: [], skipped: request };
  const limit = spendLimitExceeded(input, request);
  if (limit) return { findings: [], skipped: limit };
  const key = cacheKey({
    promptVersion: PROMPT_VERSION,
    model: input.model.model,
    system: request.system,
    user: request.user,
    maxOutputTokens: input.config.llm.maxOutputTokens,
  });
  const cached = await input.cache.get(key);
  if (cached) return adviceResult(input, request, cached, { inputTokens: 0, outputTokens: 0 }, true);
  const charge = chargeInstallation(input, request);
  if (typeof charge === 'string') return { findings: [], skipped: charge };
  try {
    const answer = await input.model.review({
      system: request.system,
      user: request.user,
      maxOutputTokens: input.config.llm.maxOutputTokens,
      signal: input.signal,
    });
    charge?.settle(costOf(input, answer.usage) ?? 0);
    const advice: CachedAdvice = { findings: answer.findings, summary: answer.summary };
    await input.cache.set(key, advice);
    return adviceResult(input, request, advice, answer.usage, false);
  } catch (error) {
    charge?.settle(failedCallCost(input, request, error));
    return failedResult(input, error);
  }
}

function buildRequest(input: LlmReviewInput): ReviewRequest | string {
  const facts = input.baseFacts;
  try {
    const request = buildReviewRequest({
      review: input.review,
      files: input.changeset.files,
      baseTables: describeTables(facts, touchedRelations(input.review.files)),
      instructions: input.config.llm.instructions,
      maxInputTokens: input.config.llm.maxInputTokens,
    });
    return request.changed.size > 0 ? request : 'no migration or model contents to review';
  } catch (error) {
    if (error instanceof BudgetTooSmallError) return error.message;
    throw error;
  }
}

/** The worst case (every output token used) must stay under the limit; unknown prices are not limited. */
function spendLimitExceeded(input: LlmReviewInput, request: ReviewRequest): string | undefined {
  const limit = input.config.llm.perReviewCostLimitUsd;
  const worstCase = estimateCostUsd(input.model.model, request.inputTokens, input.config.llm.maxOutputTokens);
  if (worstCase === null || worstCase <= limit) return undefined;
  return `the request could cost up to $${worstCase.toFixed(4)} with ${input.model.model}, over llm.perReviewCostLimitUsd ($${limit})`;
}

/**
 * The installation's daily budget: the call is made only when its worst case fits what the last 24
 * hours left, and that worst case is reserved until the call settles. Unknown prices are not limited.
 */
function chargeInstallation(input: LlmReviewInput, request: ReviewRequest): SpendCharge | string | undefined {
  if (!input.spend) return undefined;
  const { ledger, installationId, operatorLimitUsd } = input.spend;
  const worstCase = worstCaseUsd(input, request);
  if (worstCase === null) return undefined;
  const limit = Math.min(input.config.llm.perInstallationDailyCostLimitUsd, operatorLimitUsd ?? Infinity);
  const budget = ledger.check(installationId, limit, worstCase);
  if (budget.fits) return ledger.reserve(installationId, worstCase);
  const needs = `this review could cost up to $${worstCase.toFixed(4)}`;
  if (!budget.fitsAt) {
    return `${needs}, more than the daily LLM budget of $${limit} for this installation (llm.perInstallationDailyCostLimitUsd)`;
  }
  return (
    `daily LLM budget of $${limit} for this installation is spent; resets as calls leave the rolling 24-hour window, ` +
    `with room for this review from ${formatUtc(budget.fitsAt)} ($${budget.spentUsd.toFixed(4)} used in the last 24 hours, ${needs}; llm.perInstallationDailyCostLimitUsd)`
  );
}

/** A call that failed costs what it reported; one that timed out or broke may have been billed in full. */
function failedCallCost(input: LlmReviewInput, request: ReviewRequest, error: unknown): number {
  if (error instanceof ReviewModelError && !(error instanceof ModelTimeoutError)) return costOf(input, error.usage) ?? 0;
  return worstCaseUsd(input, request) ?? 0;
}

function worstCaseUsd(input: LlmReviewInput, request: ReviewRequest): number | null {
  return estimateCostUsd(input.model.model, request.inputTokens, input.config.llm.maxOutputTokens);
}

function costOf(input: LlmReviewInput, usage: TokenUsage): number | null {
  return estimateCostUsd(input.model.model, usage.inputTokens, usage.outputTokens);
}

/** "2025-06-01 14:03 UTC". */
function formatUtc(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function adviceResult(
  input: LlmReviewInput,
  request: ReviewRequest,
  answer: CachedAdvice,
  usage: TokenUsage,
  cached: boolean,
): LlmReviewResult {
  const placed = placeAdvice(answer.findings, { changed: request.changed, moveOutsideToSummary: input.moveOutsideToSummary });
  return {
    findings: placed.findings,
    advice: { summary: sanitiseText(answer.summary, MAX_SUMMARY_LENGTH), elsewhere: placed.elsewhere, notes: request.notes },
    stats: usageStats(input.model.model, usage, cached),
  };
}

function failedResult(input: LlmReviewInput, error: unknown): LlmReviewResult {
  const reason =
    error instanceof ReviewModelError ? error.message : `the LLM review failed: ${error instanceof Error ? error.message : String(error)}`;
  // An error text can quote the request or a key: it goes through the same redaction as the diff.
  const skipped = `${redactSecrets(reason).text.slice(0, 300)}; the review is published without the LLM part`;
  const spent = error instanceof ReviewModelError ? error.usage : undefined;
  const stats = spent && spent.inputTokens + spent.outputTokens > 0 ? usageStats(input.model.model, spent, false) : undefined;
  return { findings: [], skipped, ...(stats ? { stats } : {}) };
}

function usageStats(model: string, usage: TokenUsage, cached: boolean): LlmStats {
  return {
    model,
    promptVersion: PROMPT_VERSION,
    inputTokens: usage.inputTokens,
    outputTokens: usage.outputTokens,
    costUsd: estimateCostUsd(model, usage.inputTokens, usage.outputTokens),
    cached,
  };
}
