import { afterAll, describe, expect, test } from '@jest/globals';
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { BaseCache, type CachedBase } from '../../src/dry-run/replay/base-cache.js';
import { RedisBaseCache } from '../../src/queue/shared-base-cache.js';

/**
 * The dry run's built bases shared by the workers through the real Redis: a base one worker built
 * is loaded, not built again, by a worker in another process; the cache stays within its budget.
 */
const redisUrl = process.env.REDIS_URL;
const describeRedis = redisUrl ? describe : describe.skip;
if (!redisUrl) console.warn('test/queue: REDIS_URL is not set; the shared dry-run base cache tests are skipped');

const prefix = `dbarch-h13-base-cache-${randomBytes(4).toString('hex')}`;
const redis = redisUrl ? new Redis(redisUrl) : undefined;
afterAll(async () => {
  if (!redis) return;
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

const MB = 1024 * 1024;
const entry = (megabytes: number, fill = 7): CachedBase => ({
  dataDir: new Uint8Array(megabytes * MB).fill(fill),
  skipped: [{ path: 'db/001.sql', message: 'extension not available' }],
  files: 3,
  statements: 9,
});

describeRedis('dry-run base cache in Redis', () => {
  test('a base built by one worker process is loaded by the next worker process, not built again', () => {
    const run = () => {
      const child = spawnSync(
        process.execPath,
        ['--import', 'tsx', 'test/queue/fixtures/dry-run-on-shared-cache.ts', `${prefix}-dry-run`],
        {
          encoding: 'utf8',
          timeout: 120_000,
          env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', REDIS_URL: redisUrl! },
        },
      );
      expect(child.stderr).toBe('');
      return JSON.parse(child.stdout) as { built: boolean; cached: boolean; files: number };
    };
    expect(run()).toEqual({ built: true, cached: false, files: 120 });
    expect(run()).toEqual({ built: true, cached: true, files: 120 });
  }, 240_000);

  test('two worker processes missing the same base at once: one builds it, the other waits for it and loads it', async () => {
    const run = () =>
      new Promise<{ built: boolean; cached: boolean }>((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx', 'test/queue/fixtures/dry-run-on-shared-cache.ts', `${prefix}-burst`], {
          env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', REDIS_URL: redisUrl! },
        });
        let stdout = '';
        child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
        const timer = setTimeout(() => child.kill('SIGKILL'), 180_000);
        child.on('exit', (code) => {
          clearTimeout(timer);
          if (code === 0) resolve(JSON.parse(stdout) as { built: boolean; cached: boolean });
          else reject(new Error(`exited ${code}: ${stdout}`));
        });
      });
    const results = await Promise.all([run(), run()]);
    expect(results.map((result) => result.cached).sort()).toEqual([false, true]);
  }, 240_000);

  test("a worker waiting for another worker's build goes ahead at once when that one stores nothing", async () => {
    const builder = new RedisBaseCache(redis!, `${prefix}-claim`, 64 * MB);
    const other = new RedisBaseCache(redis!, `${prefix}-claim`, 64 * MB);
    expect(await builder.claimOrWait('fast-base')).toBeUndefined(); // claimed: build it here
    const started = Date.now();
    const waiting = other.claimOrWait('fast-base');
    await new Promise((resolve) => setTimeout(resolve, 300));
    await builder.release('fast-base'); // built, too fast to be worth caching
    expect(await waiting).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(2_000);
    // And one that does store it hands it to the waiter.
    expect(await builder.claimOrWait('slow-base')).toBeUndefined();
    const waiter = other.claimOrWait('slow-base');
    await builder.set('slow-base', entry(1, 3));
    expect((await waiter)?.dataDir[0]).toBe(3);
  });

  test('what a worker stores comes back whole in another process (no memory of its own), with a 7-day TTL renewed on use', async () => {
    const store = new RedisBaseCache(redis!, `${prefix}-a`, 64 * MB);
    // A process that has not seen the base: nothing in memory (0 entries kept), no disk, only Redis.
    await new BaseCache(undefined, 0, store).set('base-1', entry(2, 5));
    const found = await new BaseCache(undefined, 0, store).get('base-1');
    expect(found).toMatchObject({ skipped: [{ path: 'db/001.sql' }], files: 3, statements: 9 });
    expect(found!.dataDir.byteLength).toBe(2 * MB);
    expect(found!.dataDir.every((byte) => byte === 5)).toBe(true);
    const ttl = await redis!.pttl(`${prefix}-a:dry-run-base:entry:base-1`);
    expect(ttl).toBeGreaterThan(6.9 * 24 * 60 * 60_000);
    expect(await store.get('unknown')).toBeUndefined();
  });

  test('within its budget: the least recently used go first, and an entry over a quarter of the budget is not stored', async () => {
    const store = new RedisBaseCache(redis!, `${prefix}-b`, 10 * MB);
    await store.set('old', entry(2));
    await store.set('used', entry(2));
    await store.set('newer', entry(2));
    await store.get('used');
    await store.set('newest', entry(2.5)); // 8.5 MB in all: within budget
    await store.set('one-more', entry(2.5)); // 11 MB: 'old' (least recently used) goes
    expect(await store.get('old')).toBeUndefined();
    for (const key of ['used', 'newer', 'newest', 'one-more']) expect(await store.get(key)).toBeDefined();
    await store.set('huge', entry(3)); // over 10 MB / 4
    expect(await store.get('huge')).toBeUndefined();
    expect(Number((await redis!.memory('USAGE', `${prefix}-b:dry-run-base:entry:used`)) ?? 0)).toBeGreaterThan(2 * MB);
  });

  test('Redis that cannot answer is a miss, never an error', async () => {
    const gone = new Redis({ port: 1, maxRetriesPerRequest: 0, retryStrategy: () => null, lazyConnect: true });
    const store = new RedisBaseCache(gone, `${prefix}-c`, 64 * MB);
    await expect(store.set('base', entry(1))).resolves.toBeUndefined();
    await expect(store.get('base')).resolves.toBeUndefined();
    gone.disconnect();
  });
});
