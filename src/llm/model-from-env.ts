import type { Config } from '../config/schema.js';
import { LazyReviewModel } from './lazy-review-model.js';
import type { ReviewModel } from './review-model.js';

/**
 * Builds the LLM client the adapters hand to the engine (DESIGN.md, "Environment"): the openai
 * SDK's own OPENAI_API_KEY and OPENAI_BASE_URL, DBARCH_LLM_MODEL for the model. Without a key
 * there is no LLM part and the review says how to enable it.
 *
 * Precedence: command-line flag, then environment, then `llm:` in the config, then the default.
 * The config's `baseUrl` counts only where the caller allows it (the CLI, whose user owns both the
 * key and the config): in the GitHub App the config comes from the repository, and a repository
 * must not be able to send the operator's API key to a host of its choice.
 */
export const DEFAULT_MODEL = 'gpt-4o-mini';
export const NO_API_KEY = 'no OPENAI_API_KEY: set it (and optionally OPENAI_BASE_URL, DBARCH_LLM_MODEL) to enable the architect review';

export interface ModelSettings {
  env: Readonly<Record<string, string | undefined>>;
  config: Config;
  /** --llm-model, --llm-base-url. */
  overrides?: { model?: string; baseUrl?: string };
  /** Whether config.llm.baseUrl may pick the endpoint (true for the CLI only). */
  allowConfigEndpoint?: boolean;
  timeoutMs?: number;
  maxRetries?: number;
}

export type ModelSetup = { model: ReviewModel; skipped?: undefined } | { model?: undefined; skipped: string };

export function createReviewModel(settings: ModelSettings): ModelSetup {
  const { env, config, overrides = {} } = settings;
  if (!config.llm.enabled) return { skipped: 'turned off in the config (llm.enabled: false)' };
  const apiKey = env.OPENAI_API_KEY?.trim();
  if (!apiKey) return { skipped: NO_API_KEY };
  const configEndpoint = settings.allowConfigEndpoint ? config.llm.baseUrl : undefined;
  // The SDK is imported on the first call (lazy-review-model.ts).
  const model = new LazyReviewModel({
    apiKey,
    model: overrides.model || env.DBARCH_LLM_MODEL?.trim() || config.llm.model || DEFAULT_MODEL,
    baseUrl: overrides.baseUrl || env.OPENAI_BASE_URL?.trim() || configEndpoint,
    timeoutMs: settings.timeoutMs,
    maxRetries: settings.maxRetries,
  });
  return { model };
}
