import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The App's Prometheus metrics (`GET /metrics`), one registry per process: reviews by outcome,
 * review and queue latency, queue depth, GitHub API calls and rate-limit waits, LLM tokens and cost,
 * dry-run durations. Names follow Prometheus conventions (`_total`, `_seconds`).
 */
export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'dbarch_' });

const SECONDS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

export const reviewsTotal = new Counter({
  name: 'dbarch_reviews_total',
  help: 'Reviews completed, by check conclusion (failure_crash: the review could not finish).',
  labelNames: ['outcome'] as const,
  registers: [registry],
});

export const checksRequeuedTotal = new Counter({
  name: 'dbarch_checks_requeued_total',
  help: 'Check runs GitHub listed in progress that Redis did not know (the sweep asking GitHub), queued again for a review.',
  registers: [registry],
});

export const reviewSeconds = new Histogram({
  name: 'dbarch_review_duration_seconds',
  help: 'Time a worker spent on one review, from taking the job to completing its check run.',
  buckets: SECONDS,
  registers: [registry],
});

export const queueWaitSeconds = new Histogram({
  name: 'dbarch_queue_wait_seconds',
  help: 'Time from the webhook answer until a worker took the review.',
  buckets: SECONDS,
  registers: [registry],
});

export const queueDepth = new Gauge({
  name: 'dbarch_queue_jobs',
  help: 'Reviews in the queue, by state (waiting, active, delayed for a retry, failed).',
  labelNames: ['state'] as const,
  registers: [registry],
});

export const githubRequestsTotal = new Counter({
  name: 'dbarch_github_requests_total',
  help: 'GitHub API requests, by method and answer status.',
  labelNames: ['method', 'status'] as const,
  registers: [registry],
});

export const githubRateLimitWaitsTotal = new Counter({
  name: 'dbarch_github_rate_limit_waits_total',
  help: 'Times GitHub said wait (secondary rate limit, retry-after) and every request of the installation was held.',
  registers: [registry],
});

export const githubRateLimitWaitSeconds = new Counter({
  name: 'dbarch_github_rate_limit_wait_seconds_total',
  help: 'Seconds requests were held by rate-limit back-off.',
  registers: [registry],
});

export const githubPacingWaitSeconds = new Counter({
  name: 'dbarch_github_write_pacing_seconds_total',
  help: "Seconds writes waited for their installation's turn (1 s between writes, 3 s between comments, shared by the workers).",
  registers: [registry],
});

export const llmTokensTotal = new Counter({
  name: 'dbarch_llm_tokens_total',
  help: 'LLM tokens used by reviews, by kind (input, output).',
  labelNames: ['kind'] as const,
  registers: [registry],
});

export const llmCostUsdTotal = new Counter({
  name: 'dbarch_llm_cost_usd_total',
  help: 'Estimated LLM cost of reviews, USD.',
  registers: [registry],
});

export const dryRunSeconds = new Histogram({
  name: 'dbarch_dry_run_duration_seconds',
  help: 'Time the dry run took per review.',
  buckets: SECONDS,
  registers: [registry],
});

/** What one finished review tells the metrics: its LLM use and its dry run's time. */
export function recordReviewStats(review: {
  stats: { llm?: { inputTokens: number; outputTokens: number; costUsd: number | null } };
  dryRun?: { durationMs: number };
}): void {
  const llm = review.stats.llm;
  if (llm) {
    llmTokensTotal.inc({ kind: 'input' }, llm.inputTokens);
    llmTokensTotal.inc({ kind: 'output' }, llm.outputTokens);
    if (llm.costUsd !== null) llmCostUsdTotal.inc(llm.costUsd);
  }
  if (review.dryRun) dryRunSeconds.observe(review.dryRun.durationMs / 1000);
}
