import { afterAll, afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { defaultConfig, parseConfig } from '../../src/config/load-config.js';
import { appLlmDeps, sharedSpendLedger } from '../../src/llm/app-llm-deps.js';
import { MemoryReviewCache } from '../../src/llm/review-cache.js';
import { DAY_MS, SpendLedger } from '../../src/llm/spend-ledger.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { OpenAiMock } from './helpers/openai-mock.js';
import { reviewWithLlm } from './helpers/llm-review.js';
import { shopChangeset } from './helpers/shop-changeset.js';

/** llm.perInstallationDailyCostLimitUsd: the GitHub App's spend ledger, per installation, rolling 24 hours. */
const T0 = Date.parse('2025-06-01T12:00:00Z');
const HOUR = 60 * 60 * 1000;

function clock(start = T0) {
  let now = start;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}

describe('SpendLedger', () => {
  it('sums an installation over a rolling 24 hours, each installation apart', () => {
    const time = clock();
    const ledger = new SpendLedger({ now: time.now });
    ledger.reserve(1, 0.5).settle(0.5);
    time.advance(6 * HOUR);
    ledger.reserve(1, 0.25).settle(0.25);
    ledger.reserve(2, 1).settle(1);
    expect(ledger.spentUsd(1)).toBe(0.75);
    expect(ledger.spentUsd(2)).toBe(1);
    time.advance(18 * HOUR); // the first call is exactly 24 h old: it no longer counts
    expect(ledger.spentUsd(1)).toBe(0.25);
    time.advance(6 * HOUR);
    expect(ledger.spentUsd(1)).toBe(0);
    expect(ledger.spentUsd(2)).toBe(0);
  });

  it('keeps sums exact in millionths of a dollar', () => {
    const ledger = new SpendLedger({ now: clock().now });
    for (let index = 0; index < 10; index += 1) ledger.reserve(1, 0.1).settle(0.1);
    expect(ledger.spentUsd(1)).toBe(1);
    expect(ledger.check(1, 1, 0).fits).toBe(true);
    expect(ledger.check(1, 1, 0.000001).fits).toBe(false);
  });

  it('holds the worst case while a call is running, then the cost it settles at', () => {
    const ledger = new SpendLedger({ now: clock().now });
    const charge = ledger.reserve(1, 0.4);
    expect(ledger.check(1, 0.5, 0.4)).toMatchObject({ fits: false, spentUsd: 0.4 });
    charge.settle(0.05);
    expect(ledger.spentUsd(1)).toBe(0.05);
    expect(ledger.check(1, 0.5, 0.4).fits).toBe(true);
    charge.settle(0); // e.g. a 429: not billed
    expect(ledger.spentUsd(1)).toBe(0);
  });

  it('says when enough spend has left the window for the next call', () => {
    const time = clock();
    const ledger = new SpendLedger({ now: time.now });
    ledger.reserve(1, 2).settle(2);
    time.advance(HOUR);
    ledger.reserve(1, 2).settle(2);
    time.advance(HOUR);
    ledger.reserve(1, 0.9).settle(0.9);
    // $4.90 of $5 spent: a $1 call fits once the first $2 leaves, 24 h after it was made.
    expect(ledger.check(1, 5, 1)).toEqual({ fits: false, spentUsd: 4.9, fitsAt: new Date(T0 + DAY_MS) });
    // A $3 call needs the second one gone too.
    expect(ledger.check(1, 5, 3)).toEqual({ fits: false, spentUsd: 4.9, fitsAt: new Date(T0 + HOUR + DAY_MS) });
    // More than the whole budget never fits.
    expect(ledger.check(1, 5, 6)).toEqual({ fits: false, spentUsd: 4.9 });
  });
});

describe('the daily budget in the LLM stage', () => {
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

  const advice = { findings: [], summary: 'The tracking table fits an append-only event log.' };
  const config = parseConfig('llm:\n  perInstallationDailyCostLimitUsd: 0.01\n');

  it('counts what a call cost against its installation', async () => {
    const ledger = new SpendLedger({ now: clock().now });
    mock.answer(advice, { prompt_tokens: 3100, completion_tokens: 200 });
    const result = await reviewWithLlm(shopChangeset(), { config, deps: { llmSpend: { ledger, installationId: 7 } } });
    expect(result.stats.skipped.llm).toBeUndefined();
    expect(result.stats.llm!.costUsd).toBe(0.000585);
    expect(ledger.spentUsd(7)).toBe(0.000585);
    expect(ledger.spentUsd(8)).toBe(0);
  });

  it('skips the model once the budget is spent, says why and when it resets, and asks again after 24 hours', async () => {
    const time = clock();
    const ledger = new SpendLedger({ now: time.now });
    ledger.reserve(7, 0.0095).settle(0.0095);
    time.advance(2 * HOUR);
    const deps = { llmSpend: { ledger, installationId: 7 } };
    const skipped = await reviewWithLlm(shopChangeset(), { config, deps });
    expect(mock.requests).toHaveLength(0);
    expect(skipped.findings.some((finding) => finding.source === 'llm')).toBe(false);
    expect(skipped.stats.llm).toBeUndefined();
    expect(skipped.stats.skipped.llm).toMatch(
      /^daily LLM budget of \$0\.01 for this installation is spent; resets as calls leave the rolling 24-hour window, with room for this review from 2025-06-02 12:00 UTC \(\$0\.0095 used in the last 24 hours, this review could cost up to \$0\.00\d+; llm\.perInstallationDailyCostLimitUsd\)$/,
    );
    expect(renderMarkdown(skipped)).toMatch(/### Not reviewed[\s\S]*daily LLM budget of \$0\.01 for this installation is spent/);

    // Another installation has its own budget.
    mock.answer(advice, { prompt_tokens: 3100, completion_tokens: 200 });
    const other = await reviewWithLlm(shopChangeset(), { config, deps: { llmSpend: { ledger, installationId: 8 } } });
    expect(other.stats.skipped.llm).toBeUndefined();

    time.advance(22 * HOUR);
    mock.answer(advice, { prompt_tokens: 3100, completion_tokens: 200 });
    const later = await reviewWithLlm(shopChangeset(), { config, deps });
    expect(mock.requests).toHaveLength(2);
    expect(later.stats.skipped.llm).toBeUndefined();
    expect(later.advice!.summary).toBe(advice.summary);
    expect(ledger.spentUsd(7)).toBe(0.000585);
  });

  it('answers from the cache even when the budget is spent: cache hits cost nothing', async () => {
    const ledger = new SpendLedger({ now: clock().now });
    const cache = new MemoryReviewCache();
    const deps = { llmSpend: { ledger, installationId: 7 } };
    mock.answer(advice, { prompt_tokens: 3100, completion_tokens: 200 });
    await reviewWithLlm(shopChangeset(), { config, cache, deps });
    const rest = 0.01 - ledger.spentUsd(7);
    ledger.reserve(7, rest).settle(rest);
    expect(ledger.spentUsd(7)).toBe(0.01);
    const again = await reviewWithLlm(shopChangeset(), { config, cache, deps });
    expect(mock.requests).toHaveLength(1);
    expect(again.stats.skipped.llm).toBeUndefined();
    expect(again.stats.llm).toMatchObject({ cached: true, costUsd: 0 });
    expect(ledger.spentUsd(7)).toBe(0.01);
  });

  it('refuses a review that alone could cost more than the whole daily budget', async () => {
    const ledger = new SpendLedger({ now: clock().now });
    const tiny = parseConfig('llm:\n  perInstallationDailyCostLimitUsd: 0\n');
    const result = await reviewWithLlm(shopChangeset(), { config: tiny, deps: { llmSpend: { ledger, installationId: 7 } } });
    expect(mock.requests).toHaveLength(0);
    expect(result.stats.skipped.llm).toMatch(
      /^this review could cost up to \$0\.00\d+, more than the daily LLM budget of \$0 for this installation \(llm\.perInstallationDailyCostLimitUsd\)$/,
    );
  });

  it("caps a repository's budget at the operator's DBARCH_LLM_DAILY_LIMIT_USD", async () => {
    const ledger = new SpendLedger({ now: clock().now });
    const generous = parseConfig('llm:\n  perInstallationDailyCostLimitUsd: 1000\n');
    const result = await reviewWithLlm(shopChangeset(), {
      config: generous,
      deps: { llmSpend: { ledger, installationId: 7, operatorLimitUsd: 0 } },
    });
    expect(mock.requests).toHaveLength(0);
    expect(result.stats.skipped.llm).toMatch(/more than the daily LLM budget of \$0 for this installation/);
    const env = { OPENAI_API_KEY: 'sk-operator', DBARCH_LLM_DAILY_LIMIT_USD: '2.5' };
    expect(appLlmDeps(defaultConfig(), env, { installationId: 42 }).llmSpend).toMatchObject({ operatorLimitUsd: 2.5 });
  });

  it('is not limited without an installation (the CLI), and the App adapter wires the shared ledger', () => {
    expect(defaultConfig().llm.perInstallationDailyCostLimitUsd).toBe(5);
    const env = { OPENAI_API_KEY: 'sk-operator' };
    expect(appLlmDeps(defaultConfig(), env).llmSpend).toBeUndefined();
    expect(appLlmDeps(defaultConfig(), env, { installationId: 42 }).llmSpend).toEqual({ ledger: sharedSpendLedger, installationId: 42 });
    const ledger = new SpendLedger();
    expect(appLlmDeps(defaultConfig(), env, { installationId: 42, ledger }).llmSpend!.ledger).toBe(ledger);
    expect(appLlmDeps(defaultConfig(), {}, { installationId: 42 }).llmSpend).toBeUndefined();
  });
});
