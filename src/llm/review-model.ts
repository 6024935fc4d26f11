/**
 * The provider-neutral face of the LLM (DESIGN.md: the engine takes a "model client"). The engine
 * and the explain command only know this interface; src/llm/openai-review-model.ts is the one
 * implementation and the only module that imports the `openai` SDK.
 */

export const LLM_CATEGORIES = ['schema-design', 'jsonb', 'indexing', 'constraints', 'migration-safety', 'orm', 'ai-data', 'other'] as const;
export type LlmCategory = (typeof LLM_CATEGORIES)[number];

/** One piece of advice as the model returned it (validated, not yet sanitised or placed). */
export interface ModelFinding {
  path: string;
  line: number;
  endLine: number;
  severity: 'notice' | 'warning' | 'error';
  category: LlmCategory;
  message: string;
  suggestion?: string;
}

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
}

/** A chat request: instructions (system) and the data to review (user), already budgeted. */
export interface ModelRequest {
  system: string;
  user: string;
  maxOutputTokens: number;
  signal?: AbortSignal;
}

export interface ModelReviewResult {
  findings: ModelFinding[];
  summary: string;
  usage: TokenUsage;
}

export interface ModelExplainResult {
  /** Markdown as the model wrote it; callers sanitise it before publishing. */
  text: string;
  usage: TokenUsage;
}

export interface ReviewModel {
  /** The model name sent to the endpoint (part of the cache key and of stats.llm). */
  readonly model: string;
  review(request: ModelRequest): Promise<ModelReviewResult>;
  explain(request: ModelRequest): Promise<ModelExplainResult>;
}

/**
 * The ways a model call fails, one class each (like the Vercel AI SDK), so callers can say why the
 * LLM part is missing without parsing messages. `usage` counts tokens already spent, if any.
 */
export abstract class ReviewModelError extends Error {
  abstract readonly kind: 'timeout' | 'rate-limit' | 'invalid-output' | 'unavailable';
  constructor(
    message: string,
    readonly usage: TokenUsage = { inputTokens: 0, outputTokens: 0 },
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class ModelTimeoutError extends ReviewModelError {
  readonly kind = 'timeout';
}

export class ModelRateLimitError extends ReviewModelError {
  readonly kind = 'rate-limit';
}

/** The model answered, twice, with something that is not the JSON the output contract asks for. */
export class ModelInvalidOutputError extends ReviewModelError {
  readonly kind = 'invalid-output';
}

/** The endpoint could not be reached, refused the request (auth, unknown model) or kept failing (5xx). */
export class ModelUnavailableError extends ReviewModelError {
  readonly kind = 'unavailable';
}
