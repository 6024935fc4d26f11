import { afterAll, afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { OpenAiReviewModel } from '../../src/llm/openai-review-model.js';
import { ModelInvalidOutputError, ModelRateLimitError, ModelTimeoutError, ModelUnavailableError } from '../../src/llm/review-model.js';
import { BASE_URL, FAST_RETRY, OpenAiMock, rateLimitBody, serverErrorBody } from './helpers/openai-mock.js';

const VALID = {
  findings: [
    {
      path: 'db/001.sql',
      line: 3,
      endLine: 4,
      severity: 'warning',
      category: 'indexing',
      message: 'No index for the messages of a conversation.',
      suggestion: 'CREATE INDEX ...',
    },
  ],
  summary: 'A conversation store without its main access path.',
};
const request = { system: 'You review.', user: 'data', maxOutputTokens: 500 };

let mock: OpenAiMock;
beforeEach(() => {
  nock.disableNetConnect();
  mock = new OpenAiMock();
});
afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});
// Jest runs several test files in one process: take nock's fetch interceptor out for the next one.
afterAll(() => nock.restore());

function model(options: { timeoutMs?: number; maxRetries?: number } = {}) {
  return new OpenAiReviewModel({ apiKey: 'sk-test-key-not-real-0000000000', model: 'gpt-4o-mini', baseUrl: BASE_URL, ...options });
}

describe('OpenAiReviewModel on the Chat Completions wire format', () => {
  it('sends the system and user messages in JSON mode and returns validated findings with usage', async () => {
    mock.answer(VALID, { prompt_tokens: 812, completion_tokens: 64 });
    const result = await model().review(request);
    expect(result).toEqual({
      findings: [{ ...VALID.findings[0], category: 'indexing' }],
      summary: VALID.summary,
      usage: { inputTokens: 812, outputTokens: 64 },
    });
    expect(mock.requests[0]).toMatchObject({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'You review.' },
        { role: 'user', content: 'data' },
      ],
      max_tokens: 500,
      response_format: { type: 'json_object' },
    });
    expect(mock.scope.isDone()).toBe(true);
  });

  it('retries after a 429 (honouring retry-after) and succeeds', async () => {
    mock.reply(429, rateLimitBody(), FAST_RETRY).answer(VALID);
    const result = await model({ maxRetries: 2 }).review(request);
    expect(result.summary).toBe(VALID.summary);
    expect(mock.requests).toHaveLength(2);
  });

  it('gives up with ModelRateLimitError when 429 persists after the retries', async () => {
    mock.reply(429, rateLimitBody(), FAST_RETRY).reply(429, rateLimitBody(), FAST_RETRY);
    await expect(model({ maxRetries: 1 }).review(request)).rejects.toBeInstanceOf(ModelRateLimitError);
  });

  it('gives up with ModelUnavailableError after repeated 5xx', async () => {
    mock.reply(500, serverErrorBody(), FAST_RETRY).reply(503, serverErrorBody(), FAST_RETRY);
    const error = await model({ maxRetries: 1 })
      .review(request)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ModelUnavailableError);
    expect((error as Error).message).toContain('HTTP 503');
  });

  it('turns a response slower than the timeout into ModelTimeoutError', async () => {
    mock.hang(1_000);
    const started = Date.now();
    await expect(model({ timeoutMs: 100, maxRetries: 0 }).review(request)).rejects.toBeInstanceOf(ModelTimeoutError);
    expect(Date.now() - started).toBeLessThan(900);
  });

  it('retries malformed JSON once with the validation error, then accepts the valid reply', async () => {
    mock.answer('{"findings": [ oops').answer(VALID);
    const result = await model().review(request);
    expect(result.findings).toHaveLength(1);
    expect(mock.requests).toHaveLength(2);
    const retry = mock.requests[1]!.messages;
    expect(retry.map((message) => message.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(retry[2]!.content).toBe('{"findings": [ oops');
    expect(retry[3]!.content).toContain('not valid JSON');
  });

  it('drops output that breaks the contract twice, counting the tokens both attempts used', async () => {
    const wrong = { findings: [{ path: 'a.sql', line: 0, severity: 'fatal', message: '' }] };
    mock.answer(wrong, { prompt_tokens: 100, completion_tokens: 10 }).answer(wrong, { prompt_tokens: 120, completion_tokens: 10 });
    const error = await model()
      .review(request)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ModelInvalidOutputError);
    expect((error as ModelInvalidOutputError).usage).toEqual({ inputTokens: 220, outputTokens: 20 });
    expect(mock.requests[1]!.messages[3]!.content).toContain('findings.0.line');
  });

  it('accepts JSON wrapped in a code fence and repairs an unknown category', async () => {
    const fenced = '```json\n' + JSON.stringify({ ...VALID, findings: [{ ...VALID.findings[0], category: 'vibes' }] }) + '\n```';
    mock.answer(fenced);
    const result = await model().review(request);
    expect(result.findings[0]!.category).toBe('other');
  });

  it('uses max_completion_tokens on api.openai.com, whose newer models refuse max_tokens', async () => {
    const official = nock('https://api.openai.com')
      .post('/v1/chat/completions', (body: Record<string, unknown>) => body.max_completion_tokens === 500 && body.max_tokens === undefined)
      .reply(200, { choices: [{ index: 0, message: { role: 'assistant', content: 'Plain words.' }, finish_reason: 'stop' }] });
    const result = await new OpenAiReviewModel({ apiKey: 'sk-test', model: 'gpt-4o-mini' }).explain(request);
    expect(result.text).toBe('Plain words.');
    // No usage in the reply: estimated with the tokenizer.
    expect(result.usage.inputTokens).toBeGreaterThan(0);
    expect(official.isDone()).toBe(true);
  });
});
