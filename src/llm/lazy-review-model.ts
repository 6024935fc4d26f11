import type { OpenAiModelOptions } from './openai-review-model.js';
import type { ModelExplainResult, ModelRequest, ModelReviewResult, ReviewModel } from './review-model.js';

/**
 * The OpenAI-backed model, loaded on its first call: the `openai` SDK and gpt-tokenizer take about
 * 0.15–0.35 s to import (measured, cold CLI process), and a review with an API key set but nothing
 * to ask (no reviewable change, every answer cached) must not pay for them.
 */
export class LazyReviewModel implements ReviewModel {
  readonly model: string;
  private loading: Promise<ReviewModel> | undefined;

  constructor(private readonly options: OpenAiModelOptions) {
    this.model = options.model;
  }

  async review(request: ModelRequest): Promise<ModelReviewResult> {
    return (await this.client()).review(request);
  }

  async explain(request: ModelRequest): Promise<ModelExplainResult> {
    return (await this.client()).explain(request);
  }

  private client(): Promise<ReviewModel> {
    this.loading ??= import('./openai-review-model.js').then(({ OpenAiReviewModel }) => new OpenAiReviewModel(this.options));
    return this.loading;
  }
}
