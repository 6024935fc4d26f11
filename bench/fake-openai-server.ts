import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for the OpenAI Chat Completions API on 127.0.0.1, for benchmarks whose workers are
 * separate processes (nock cannot reach into them): POST /v1/chat/completions answers, after
 * `latencyMs` (a model's answer takes seconds), the recorded-shape fixture of
 * test/fixtures/openai/chat-completion.json with an architect review that finds nothing. Point a
 * worker at it with OPENAI_BASE_URL and any OPENAI_API_KEY.
 */
const FIXTURE = new URL('../test/fixtures/openai/chat-completion.json', import.meta.url);

export class FakeOpenAi {
  requests = 0;
  private server?: Server;

  constructor(private readonly latencyMs = 2_000) {}

  async listen(): Promise<string> {
    const body = JSON.parse(readFileSync(FIXTURE, 'utf8')) as { choices: { message: { content: string } }[] };
    body.choices[0]!.message.content = JSON.stringify({ findings: [], summary: 'No concerns beyond the rules.' });
    this.server = createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        if (request.method !== 'POST' || !request.url?.endsWith('/chat/completions')) {
          response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"not found"}}');
          return;
        }
        this.requests += 1;
        setTimeout(() => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body)), this.latencyMs);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
