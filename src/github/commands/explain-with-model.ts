import type { Config } from '../../config/schema.js';
import { explain as explainWithLlm } from '../../llm/explain.js';
import type { ExplainReview } from '../../llm/explain-context.js';
import { createReviewModel } from '../../llm/model-from-env.js';
import type { ReviewModel } from '../../llm/review-model.js';
import { ALL_RULES } from '../../rules/index.js';
import type { Severity } from '../../review-types/index.js';
import type { SummaryState } from '../summary-state.js';

/**
 * `/dbarch explain` with an LLM (src/llm/explain.ts) when one is configured: OPENAI_API_KEY in the
 * app's environment and `llm.enabled` in the base config. The endpoint comes from the environment
 * only: a repository's config must not send the operator's key elsewhere.
 */
export type ExplainModelFactory = (config: Config) => ReviewModel | undefined;

export const explainModelFromEnv: ExplainModelFactory = (config) =>
  createReviewModel({ env: process.env, config, allowConfigEndpoint: false }).model;

export function explainWithModel(
  model: ReviewModel,
  target: string | { path: string; line: number } | undefined,
  state: SummaryState | undefined,
): Promise<string> {
  return explainWithLlm({ target, model, ...(state ? { review: reviewOf(state) } : {}) });
}

/** The summary's state keeps where each finding is, not its message: the rule's summary stands in. */
function reviewOf(state: SummaryState): ExplainReview {
  return {
    risk: state.risk,
    findings: state.findings.map(([ruleId, path, line, endLine, severity]) => ({
      ruleId,
      path,
      line,
      endLine,
      severity: severity as Severity,
      message: ALL_RULES.find((rule) => rule.id === ruleId)?.summary ?? ruleId,
    })),
  };
}
