import { defaultConfig } from '../../../src/config/load-config.js';
import type { Config } from '../../../src/config/schema.js';
import { review, type ReviewDeps } from '../../../src/engine/review.js';
import type { Changeset, Review } from '../../../src/review-types/index.js';
import { OpenAiReviewModel } from '../../../src/llm/openai-review-model.js';
import { MemoryReviewCache, type ReviewCache } from '../../../src/llm/review-cache.js';
import { BASE_URL } from './openai-mock.js';

/** review() with the real OpenAI-backed model against the nock endpoint, and a fresh cache. */
export function testModel(model = 'gpt-4o-mini'): OpenAiReviewModel {
  return new OpenAiReviewModel({ apiKey: 'sk-test-key-not-real-0000000000', model, baseUrl: BASE_URL, maxRetries: 1, timeoutMs: 2_000 });
}

export function reviewWithLlm(
  changeset: Changeset,
  options: { config?: Config; cache?: ReviewCache; deps?: Partial<ReviewDeps> } = {},
): Promise<Review> {
  return review(changeset, options.config ?? defaultConfig(), {
    model: testModel(),
    llmCache: options.cache ?? new MemoryReviewCache(),
    ...options.deps,
  });
}
