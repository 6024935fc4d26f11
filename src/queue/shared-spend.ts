import type { Redis } from 'ioredis';
import { DAY_MS, SpendLedger } from '../llm/spend-ledger.js';

/**
 * The per-installation LLM spend of the last 24 hours (llm.perInstallationDailyCostLimitUsd), shared
 * by every worker through Redis: one sorted set per installation, scored by time, of what each
 * review's LLM calls cost. A review gets a SpendLedger loaded with that spend (the engine's budget
 * check stays as it is) and its own cost is added when it ends. Two reviews of one installation
 * running at once on two workers may each see the other's cost only afterwards: the overshoot is
 * at most one review's calls.
 */
export class SharedSpend {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private key(installationId: number): string {
    return `${this.prefix}:state:llm-spend:${installationId}`;
  }

  /** A ledger holding the installation's spend within the window, at the times it was spent. */
  async ledgerFor(installationId: number, now = Date.now()): Promise<SpendLedger> {
    const key = this.key(installationId);
    await this.redis.zremrangebyscore(key, '-inf', now - DAY_MS);
    const entries = await this.redis.zrange(key, 0, -1, 'WITHSCORES');
    // Each stored cost is entered at its own time; then the ledger runs on the real clock.
    let loadingAt: number | undefined;
    const ledger = new SpendLedger({ now: () => loadingAt ?? Date.now() });
    for (let index = 0; index < entries.length; index += 2) {
      loadingAt = Number(entries[index + 1]);
      ledger.reserve(installationId, Number(entries[index]!.split(':')[0]));
    }
    loadingAt = undefined;
    return ledger;
  }

  async record(installationId: number, costUsd: number, at = Date.now()): Promise<void> {
    if (!(costUsd > 0)) return;
    const key = this.key(installationId);
    // Members must be unique: the cost, then a random tag.
    await this.redis.zadd(key, at, `${costUsd}:${Math.random().toString(36).slice(2)}`);
    await this.redis.pexpire(key, DAY_MS);
  }
}
