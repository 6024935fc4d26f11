import { secondaryLimitWait } from '../github/rate-limits.js';
import { requestStatus } from '../github/request-status.js';
import { ModelRateLimitError, ModelTimeoutError, ModelUnavailableError } from '../llm/review-model.js';

/**
 * Failures worth another try a little later: GitHub 5xx and rate limits (after Octokit's own
 * retries gave up), connections that broke, an LLM that was unavailable or too slow. A 4xx, a bad
 * config or a parser error would fail the same way again.
 */
const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

export function isTransient(error: unknown): boolean {
  if (error instanceof ModelRateLimitError || error instanceof ModelTimeoutError || error instanceof ModelUnavailableError) return true;
  const status = requestStatus(error);
  if (status !== undefined) return status >= 500 || status === 429 || secondaryLimitWait(error, 60) !== undefined;
  const code =
    (error as { code?: unknown; cause?: { code?: unknown } } | null)?.code ?? (error as { cause?: { code?: unknown } })?.cause?.code;
  return typeof code === 'string' && NETWORK_CODES.has(code);
}
