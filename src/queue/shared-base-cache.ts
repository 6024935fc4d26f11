import type { Redis } from 'ioredis';
import type { Logger } from 'probot';
import type { CachedBase, SharedBaseStore } from '../dry-run/base-cache.js';

/**
 * The dry run's built base states in Redis, shared by every worker of a deployment (the issue's
 * "dry-run base cache keyed by content hash in a shared folder or Redis"): a base one worker has
 * built (a replay of the repository's migrations, seconds to minutes) is loaded by the next worker
 * reviewing a pull request on that base, on whichever machine. Keys are the base's content hash
 * (src/dry-run/base-cache.ts), so a changed base is a new entry and nothing is ever stale.
 *
 * Bounded: each entry lives 7 days after its last use; entries over a quarter of the budget are
 * not stored; past the budget (DBARCH_BASE_CACHE_REDIS_MB, 512 MB) the least recently used go.
 * Redis failing is a miss, never a failed review.
 */
const TTL_MS = 7 * 24 * 60 * 60_000;

export class RedisBaseCache implements SharedBaseStore {
  private readonly index: string;
  private readonly sizes: string;

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
    if (dataDir.byteLength > this.budgetBytes / 4) return;
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
