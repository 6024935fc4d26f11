import OpenAI, { APIConnectionTimeoutError, APIError, APIUserAbortError, RateLimitError } from 'openai';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { countTokens } from 'gpt-tokenizer';
import { parseReviewOutput } from './review-output-schema.js';
import {
  ModelInvalidOutputError,
  ModelRateLimitError,
  ModelTimeoutError,
  ModelUnavailableError,
  ReviewModelError,
  type ModelExplainResult,
  type ModelRequest,
  type ModelReviewResult,
  type ReviewModel,
  type TokenUsage,
} from './review-model.js';

/**
 * ReviewModel on the `openai` SDK's Chat Completions API, which OpenAI, Azure OpenAI, LiteLLM,
 * Ollama and vLLM all serve. The only module that imports 'openai' (DESIGN.md: the engine never does).
 * Backoff on 408/409/429/5xx and timeouts is the SDK's own (exponential, honours Retry-After).
 */
export interface OpenAiModelOptions {
  apiKey: string;
  model: string;
  /** Any OpenAI-compatible endpoint; undefined: api.openai.com. */
  baseUrl?: string;
  /** Per HTTP attempt, in milliseconds. */
  timeoutMs?: number;
  /** Retries after the first attempt, with the SDK's backoff. */
  maxRetries?: number;
  /** A fetch other than the global one (a proxy agent, instrumentation). */
  fetch?: typeof fetch;
}

const DEFAULT_TIMEOUT_MS = 60_000;
const DEFAULT_MAX_RETRIES = 2;
/** The SDK's own backoff waits at most 8 s between attempts (a server's Retry-After can ask for more). */
const MAX_BACKOFF_MS = 8_000;
/** How much of an invalid reply is sent back with the retry: enough to see the mistake. */
const INVALID_REPLY_ECHO = 2_000;

export class OpenAiReviewModel implements ReviewModel {
  readonly model: string;
  private readonly client: OpenAI;
  private readonly officialEndpoint: boolean;
  private readonly timeoutMs: number;
  private readonly maxRetries: number;

  constructor(options: OpenAiModelOptions) {
    this.model = options.model;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
    this.officialEndpoint = !options.baseUrl || /^https:\/\/api\.openai\.com(\/|$)/.test(options.baseUrl);
    this.client = new OpenAI({
      apiKey: options.apiKey,
      baseURL: options.baseUrl ?? 'https://api.openai.com/v1',
      timeout: this.timeoutMs,
      maxRetries: this.maxRetries,
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
  }

  /** One call; an invalid reply is retried once with the validation error, then given up. */
  async review(request: ModelRequest): Promise<ModelReviewResult> {
    const messages: ChatCompletionMessageParam[] = [
      { role: 'system', content: request.system },
      { role: 'user', content: request.user },
    ];
    const first = await this.complete(messages, request, true);
    let parsed = parseReviewOutput(first.text);
    let usage = first.usage;
    if (!parsed.ok) {
      messages.push(
        { role: 'assistant', content: first.text.slice(0, INVALID_REPLY_ECHO) },
        { role: 'user', content: retryInstruction(parsed.error) },
      );
      const second = await this.complete(messages, request, true, usage);
      usage = addUsage(usage, second.usage);
      parsed = parseReviewOutput(second.text);
      if (!parsed.ok) throw new ModelInvalidOutputError(`the model's reply was invalid twice: ${parsed.error}`, usage);
    }
    return { findings: parsed.output.findings, summary: parsed.output.summary, usage };
  }

  async explain(request: ModelRequest): Promise<ModelExplainResult> {
    const messages: ChatCompletionMessageParam[] = [
      { role: 'system', content: request.system },
      { role: 'user', content: request.user },
    ];
    return this.complete(messages, request, false);
  }

  private async complete(
    messages: ChatCompletionMessageParam[],
    request: ModelRequest,
    json: boolean,
    spent: TokenUsage = { inputTokens: 0, outputTokens: 0 },
  ): Promise<{ text: string; usage: TokenUsage }> {
    // The SDK's timeout ends when the headers arrive; a server that then stalls the body would hang
    // the review. This deadline covers the whole call, retries and body included.
    const deadline = AbortSignal.timeout(this.timeoutMs * (this.maxRetries + 1) + MAX_BACKOFF_MS * this.maxRetries);
    const signal = request.signal ? AbortSignal.any([request.signal, deadline]) : deadline;
    try {
      const completion = await this.client.chat.completions.create(
        {
          model: this.model,
          messages,
          // OpenAI's newer models refuse max_tokens; many compatible servers only know max_tokens.
          ...(this.officialEndpoint ? { max_completion_tokens: request.maxOutputTokens } : { max_tokens: request.maxOutputTokens }),
          ...(json ? { response_format: { type: 'json_object' as const } } : {}),
        },
        { signal },
      );
      const text = completion.choices?.[0]?.message?.content ?? '';
      const usage = completion.usage
        ? { inputTokens: completion.usage.prompt_tokens, outputTokens: completion.usage.completion_tokens }
        : estimateUsage(messages, text);
      return { text, usage };
    } catch (error) {
      if (deadline.aborted && !request.signal?.aborted)
        throw new ModelTimeoutError('the model did not answer in time', spent, { cause: error });
      throw toModelError(error, spent);
    }
  }
}

function retryInstruction(error: string): string {
  return `Your reply could not be used: it is ${error}. Reply again with only the JSON object described in the instructions: {"findings": [...], "summary": "..."}.`;
}

function addUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
  return { inputTokens: a.inputTokens + b.inputTokens, outputTokens: a.outputTokens + b.outputTokens };
}

/** Some compatible servers omit `usage`; the tokenizer's count is close enough for cost figures. */
function estimateUsage(messages: ChatCompletionMessageParam[], reply: string): TokenUsage {
  const input = messages.reduce((sum, message) => sum + countTokens(String(message.content ?? '')) + 4, 0);
  return { inputTokens: input, outputTokens: countTokens(reply) };
}

/** Maps the SDK's errors (after its own retries) onto the provider-neutral classes. */
export function toModelError(error: unknown, spent: TokenUsage): ReviewModelError {
  if (error instanceof ReviewModelError) return error;
  const options = { cause: error };
  if (error instanceof APIConnectionTimeoutError) return new ModelTimeoutError('the model did not answer in time', spent, options);
  if (error instanceof RateLimitError)
    return new ModelRateLimitError('the model endpoint kept answering 429 (rate limit or quota)', spent, options);
  if (error instanceof APIUserAbortError) return new ModelTimeoutError('the request was cancelled', spent, options);
  if (error instanceof APIError) {
    const status = error.status ? `HTTP ${error.status}` : 'connection failed';
    return new ModelUnavailableError(`the model endpoint failed (${status}): ${firstLine(error.message)}`, spent, options);
  }
  return new ModelUnavailableError(
    `the model call failed: ${firstLine(error instanceof Error ? error.message : String(error))}`,
    spent,
    options,
  );
}

function firstLine(text: string): string {
  return text.split('\n')[0]!.slice(0, 200);
}
