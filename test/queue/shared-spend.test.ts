import { afterAll, describe, expect, test } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { DAY_MS } from '../../src/llm/spend-ledger.js';
import { SharedSpend } from '../../src/queue/shared-spend.js';

/** The per-installation LLM budget holds across workers: the spend lives in Redis (real server). */
const redisUrl = process.env.REDIS_URL;
const describeRedis = redisUrl ? describe : describe.skip;
if (!redisUrl) console.warn('test/queue: REDIS_URL is not set; the shared-spend tests are skipped');

const prefix = `dbarch-h6-queue-spend-${randomBytes(4).toString('hex')}`;
const redis = redisUrl ? new Redis(redisUrl) : undefined;

afterAll(async () => {
  if (!redis) return;
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

describeRedis('shared LLM spend', () => {
  test("what one worker's reviews spent counts in another worker's ledger, for 24 hours, per installation", async () => {
    const workerA = new SharedSpend(redis!, prefix);
    const workerB = new SharedSpend(redis!, prefix);
    const now = Date.now();
    await workerA.record(7, 0.4, now - DAY_MS - 1_000); // left the window
    await workerA.record(7, 0.25, now - 60_000);
    await workerA.record(7, 0.25, now - 1_000);
    await workerA.record(8, 3, now - 1_000);
    const ledger = await workerB.ledgerFor(7, now);
    expect(ledger.spentUsd(7)).toBeCloseTo(0.5, 6);
    expect(ledger.check(7, 1, 0.4)).toEqual({ fits: true });
    expect(ledger.check(7, 1, 0.6)).toMatchObject({ fits: false, spentUsd: 0.5 });
    // A call reserved by the review counts at once, on the real clock.
    ledger.reserve(7, 0.3);
    expect(ledger.spentUsd(7)).toBeCloseTo(0.8, 6);
    expect((await workerB.ledgerFor(8, now)).spentUsd(8)).toBe(3);
    expect(await redis!.zcard(`${prefix}:state:llm-spend:7`)).toBe(2);
  });
});
