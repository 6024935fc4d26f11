import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from 'probot';
import type { CachedBase, SharedBaseStore } from '../dry-run/replay/base-cache.js';

/**
 * The dry run's built base states in Redis, shared by every worker of a deployment (the issue's
 * "dry-run base cache keyed by content hash in a shared folder or Redis"): a base one worker has
 * built (a replay of the repository's migrations, seconds to minutes) is loaded by the next worker
 * reviewing a pull request on that base, on whichever machine. Keys are the base's content hash
 * (src/dry-run/replay/base-cache.ts), so a changed base is a new entry and nothing is ever stale.
 *
 * Built once: on a miss a worker claims the building of the base; another worker missing the same
 * base meanwhile (a burst of pull requests on one repository) waits for that entry instead of
 * replaying the same migrations, and builds it itself only if none comes (the builder stored
 * nothing, died, or took longer than BUILD_WAIT_MS).
 *
 * Bounded: each entry lives 7 days after its last use; entries over a quarter of the budget are
 * not stored; past the budget (DBARCH_BASE_CACHE_REDIS_MB, 512 MB) the least recently used go.
 * Redis failing is a miss, never a failed review.
 */
const TTL_MS = 7 * 24 * 60 * 60_000;
/** A claim outlives its builder by at most this (a killed worker cannot release it). */
const CLAIM_TTL_MS = 5 * 60_000;
const BUILD_WAIT_MS = 3 * 60_000;
const POLL_MS = 250;
/** Delete the claim only if this process still holds it. */
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end return 0`;

export class RedisBaseCache implements SharedBaseStore {
  private readonly index: string;
  private readonly sizes: string;
  /** Whose claims are whose: this process's. */
  private readonly token = randomUUID();

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly budgetBytes: number,
    private readonly log?: Logger,
  ) {
    this.index = `${prefix}:dry-run-base:used`;
    this.sizes = `${prefix}:dry-run-base:bytes`;
  }

  private key(key: string): string {
    return `${this.prefix}:dry-run-base:entry:${key}`;
  }

  private claim(key: string): string {
    return `${this.prefix}:dry-run-base:building:${key}`;
  }

  async claimOrWait(key: string, waitMs = BUILD_WAIT_MS): Promise<CachedBase | undefined> {
    try {
      if ((await this.redis.set(this.claim(key), this.token, 'PX', CLAIM_TTL_MS, 'NX')) === 'OK') return undefined;
      const deadline = Date.now() + waitMs;
      while (Date.now() < deadline) {
        const entry = await this.get(key);
        if (entry) return entry;
        if (!(await this.redis.exists(this.claim(key)))) return await this.get(key);
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
      this.log?.warn({ key }, 'another worker is still building this dry-run base; building it here too');
    } catch (error) {
      this.log?.warn({ err: error }, 'dry-run base claim in Redis failed; building the base');
    }
    return undefined;
  }

  async release(key: string): Promise<void> {
    await this.redis.eval(RELEASE, 1, this.claim(key), this.token).catch(() => undefined);
  }

  async get(key: string): Promise<CachedBase | undefined> {
    try {
      const [data, meta] = await this.redis.hmgetBuffer(this.key(key), 'data', 'meta');
      if (!data || !meta) return undefined;
      await this.redis.multi().pexpire(this.key(key), TTL_MS).zadd(this.index, Date.now(), key).exec();
      return { ...(JSON.parse(meta.toString('utf8')) as Omit<CachedBase, 'dataDir'>), dataDir: new Uint8Array(data) };
    } catch (error) {
      this.log?.warn({ err: error }, 'dry-run base cache in Redis could not be read; building the base');
      return undefined;
    }
  }

  async set(key: string, entry: CachedBase): Promise<void> {
    const { dataDir, ...meta } = entry;
    if (dataDir.byteLength > this.budgetBytes / 4) return this.release(key);
    try {
      await this.redis
        .multi()
        .hset(this.key(key), 'data', Buffer.from(dataDir.buffer, dataDir.byteOffset, dataDir.byteLength), 'meta', JSON.stringify(meta))
        .pexpire(this.key(key), TTL_MS)
        .zadd(this.index, Date.now(), key)
        .hset(this.sizes, key, dataDir.byteLength)
        .exec();
      await this.evict();
    } catch (error) {
      this.log?.warn({ err: error }, 'dry-run base could not be stored in Redis');
    } finally {
      await this.release(key);
    }
  }

  /** Forgets entries that expired, then the least recently used while the total is over the budget. */
  private async evict(): Promise<void> {
    const keys = await this.redis.zrange(this.index, 0, -1);
    if (keys.length === 0) return;
    const sizes = await this.redis.hmget(this.sizes, ...keys);
    const alive = await Promise.all(keys.map((key) => this.redis.exists(this.key(key))));
    let total = 0;
    const live: [string, number][] = [];
    for (const [index, key] of keys.entries()) {
      if (alive[index]) {
        live.push([key, Number(sizes[index]) || 0]);
        total += Number(sizes[index]) || 0;
      } else await this.drop(key);
    }
    for (const [key, bytes] of live) {
      if (total <= this.budgetBytes) break;
      await this.drop(key);
      total -= bytes;
    }
  }

  private async drop(key: string): Promise<void> {
    await this.redis.multi().del(this.key(key)).zrem(this.index, key).hdel(this.sizes, key).exec();
  }
}
