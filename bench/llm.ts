import { defaultConfig } from '../src/config/load-config.js';
import type { Config } from '../src/config/schema.js';
import { review } from '../src/engine/review.js';
import type { Changeset } from '../src/review-types/index.js';
import { MemoryReviewCache } from '../src/llm/review-cache.js';
import type { ModelRequest, ReviewModel } from '../src/llm/review-model.js';
import { tokens } from '../src/llm/token-budget.js';
import { largePullRequest, smallPullRequest, typicalPullRequest } from './llm-fixtures.js';

/**
 * `benchLlm()`: input tokens of the architect review for a small, a typical (3 migrations) and a
 * large (300 files) pull request, counted with the real tokenizer on the exact request, and the
 * cache effect of an unchanged re-push. No network: a counting model stands in for the endpoint.
 * Targets (issue 5): typical ≤ 6,000 input tokens; the large PR within llm.maxInputTokens; 0 tokens
 * on the re-push.
 */
export interface LlmBenchRow {
  pullRequest: string;
  files: number;
  inputTokens: number;
  maxInputTokens: number;
  withinCap: boolean;
  filesSent: number;
  notes: number;
  repushInputTokens: number;
  repushRequests: number;
  buildMs: number;
}

/** Counts what would be sent and answers with no advice. */
class CountingModel implements ReviewModel {
  readonly model = 'gpt-4o-mini';
  requests: ModelRequest[] = [];

  async review(request: ModelRequest) {
    this.requests.push(request);
    return {
      findings: [],
      summary: 'No design concerns.',
      usage: { inputTokens: tokens(request.system) + tokens(request.user) + 8, outputTokens: 12 },
    };
  }

  async explain(request: ModelRequest) {
    this.requests.push(request);
    return { text: '', usage: { inputTokens: 0, outputTokens: 0 } };
  }
}

async function measure(name: string, changeset: Changeset, config: Config): Promise<LlmBenchRow> {
  const model = new CountingModel();
  const cache = new MemoryReviewCache();
  const started = performance.now();
  const first = await review(changeset, config, { model, llmCache: cache });
  const buildMs = Math.round(performance.now() - started);
  const sent = model.requests[0];
  const filesSent = sent ? (sent.user.match(/^### /gm) ?? []).length : 0;
  const again = await review(changeset, config, { model, llmCache: cache });
  return {
    pullRequest: name,
    files: changeset.files.length,
    inputTokens: first.stats.llm?.inputTokens ?? 0,
    maxInputTokens: config.llm.maxInputTokens,
    withinCap: (first.stats.llm?.inputTokens ?? 0) <= config.llm.maxInputTokens,
    filesSent,
    notes: first.advice?.notes.length ?? 0,
    repushInputTokens: again.stats.llm?.inputTokens ?? -1,
    repushRequests: model.requests.length - 1,
    buildMs,
  };
}

export async function benchLlm(config: Config = defaultConfig()): Promise<LlmBenchRow[]> {
  const rows = [
    await measure('small (1 migration)', smallPullRequest(), config),
    await measure('typical (3 migrations)', typicalPullRequest(), config),
    await measure('large (300 files)', largePullRequest(), config),
  ];
  console.table(rows);
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) await benchLlm();
