import type { Config } from '../config/schema.js';
import type { LlmStageDeps } from '../engine/evidence/llm-advice.js';
import { createReviewModel } from './model-from-env.js';
import { SpendLedger } from './spend-ledger.js';

/**
 * What the GitHub App gives the engine's LLM stage for one pull request. The endpoint comes only
 * from the operator's environment (config.llm.baseUrl is ignored: the config belongs to the
 * repository, the API key to the operator). Answers are cached in memory for the process
 * (sharedReviewCache, the stage's default), so a re-push with unchanged migrations costs nothing.
 * With the pull request's installation id, its calls count against that installation's daily budget
 * (llm.perInstallationDailyCostLimitUsd) in `ledger`, by default one for the process.
 * The repository's config cannot raise that budget past the operator's DBARCH_LLM_DAILY_LIMIT_USD.
 * Use `model` from the same result for `/dbarch explain`.
 */
export interface AppLlmOptions {
  installationId?: number;
  ledger?: SpendLedger;
}

/** The process-wide spend of every installation over the last 24 hours (in memory: a restart forgets it). */
export const sharedSpendLedger = new SpendLedger();

export function appLlmDeps(
  config: Config,
  env: Readonly<Record<string, string | undefined>> = process.env,
  options: AppLlmOptions = {},
): LlmStageDeps {
  const setup = createReviewModel({ env, config, allowConfigEndpoint: false });
  if (!setup.model) return { llmSkipped: setup.skipped };
  if (options.installationId === undefined) return { model: setup.model };
  const cap = Number(env.DBARCH_LLM_DAILY_LIMIT_USD);
  const operatorLimitUsd = env.DBARCH_LLM_DAILY_LIMIT_USD !== undefined && Number.isFinite(cap) && cap >= 0 ? cap : undefined;
  const ledger = options.ledger ?? sharedSpendLedger;
  return {
    model: setup.model,
    llmSpend: { ledger, installationId: options.installationId, ...(operatorLimitUsd !== undefined ? { operatorLimitUsd } : {}) },
  };
}
