import { readFileSync } from 'node:fs';
import type { Changeset, Review } from '../../../src/review-types/index.js';

/**
 * The shop pull request (migrations 8-10 on top of 1-7) and the rule review it had when this
 * fixture was recorded. The prompt snapshot builds on it, so the snapshot changes when the prompts
 * or the request builder change, not when another rule's wording does.
 */
export function frozenShopPullRequest(): { changeset: Changeset; review: Review } {
  return JSON.parse(readFileSync(new URL('../../fixtures/openai/shop-pr.json', import.meta.url), 'utf8')) as {
    changeset: Changeset;
    review: Review;
  };
}
