import '../../github/helpers/node20-polyfills.js';
import { readFileSync } from 'node:fs';
import nock from 'nock';

/**
 * The OpenAI Chat Completions wire format at the network edge (nock), from recorded-shape fixtures
 * in test/fixtures/openai. Requests are captured so tests can read the exact prompt that was sent.
 */
export const BASE_URL = 'https://llm.test/v1';
const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../fixtures/openai/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;

export interface ChatRequestBody {
  model: string;
  messages: { role: string; content: string }[];
  max_tokens?: number;
  max_completion_tokens?: number;
  response_format?: { type: string };
}

/** A chat.completion whose message content is `content` (an object is sent as JSON text). */
export function completion(content: unknown, usage = { prompt_tokens: 3120, completion_tokens: 240 }): Record<string, unknown> {
  const body = fixture('chat-completion.json');
  const choices = body.choices as { message: { content: string } }[];
  choices[0]!.message.content = typeof content === 'string' ? content : JSON.stringify(content);
  body.usage = { ...(body.usage as object), ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens };
  return body;
}

export const rateLimitBody = () => fixture('rate-limit-error.json');
export const serverErrorBody = () => fixture('server-error.json');
/** The SDK honours retry-after-ms: tests wait milliseconds, not the default backoff seconds. */
export const FAST_RETRY = { 'retry-after-ms': '5', 'x-request-id': 'req_dbarch' };

export class OpenAiMock {
  readonly requests: ChatRequestBody[] = [];
  readonly scope = nock('https://llm.test');

  /** Queues one reply to POST /chat/completions. */
  reply(status: number, body: unknown, headers: Record<string, string> = {}, delayMs = 0): this {
    this.scope
      .post('/v1/chat/completions', (body: ChatRequestBody) => {
        this.requests.push(body);
        return true;
      })
      .delay(delayMs)
      .reply(status, body as nock.Body, { 'content-type': 'application/json', ...headers });
    return this;
  }

  /**
   * A server that accepts the request and does not answer within `ms`. (nock's delay() holds only the
   * body back, and aborting a fetch during it trips an assertion inside nock's interceptor.)
   */
  hang(ms: number): this {
    this.scope
      .post('/v1/chat/completions', (body: ChatRequestBody) => {
        this.requests.push(body);
        return true;
      })
      .reply(() => new Promise((resolve) => setTimeout(() => resolve([200, completion('{}')]), ms)));
    return this;
  }

  answer(content: unknown, usage?: { prompt_tokens: number; completion_tokens: number }): this {
    return this.reply(200, completion(content, usage));
  }
}
