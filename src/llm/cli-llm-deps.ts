import { join } from 'node:path';
import type { Config } from '../config/schema.js';
import type { LlmStageDeps } from '../engine/evidence/llm-advice.js';
import { dbarchCacheDir } from '../runtime/cache-location.js';
import { createReviewModel } from './model-from-env.js';
import { DiskReviewCache } from './review-cache.js';

/**
 * What a CLI run gives the engine's LLM stage: the model (or why there is none) and an on-disk cache
 * under `llm` of dbarchCacheDir() (the git directory, never the work tree), so re-running an unchanged review is free.
 */
export interface CliLlmOptions {
  /** false with --no-llm. */
  llm: boolean;
  llmModel?: string;
  llmBaseUrl?: string;
  /** Repository root (or the current folder outside git). */
  root?: string;
}

export function cliLlmDeps(
  options: CliLlmOptions,
  config: Config,
  env: Readonly<Record<string, string | undefined>> = process.env,
): LlmStageDeps {
  if (!options.llm) return { llmSkipped: 'turned off with --no-llm' };
  const setup = createReviewModel({
    env,
    config,
    overrides: { model: options.llmModel, baseUrl: options.llmBaseUrl },
    allowConfigEndpoint: true,
  });
  if (!setup.model) return { llmSkipped: setup.skipped };
  const cache = options.root ? new DiskReviewCache(join(dbarchCacheDir(options.root), 'llm')) : undefined;
  // A terminal user reads every piece of advice in one place: nothing is moved out of the findings.
  return { model: setup.model, ...(cache ? { llmCache: cache } : {}), llmOutsideToSummary: false };
}
