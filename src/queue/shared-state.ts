import type { Redis } from 'ioredis';
import { pullKey, type PullRequestTarget } from '../github/target.js';

/**
 * What every web and worker process of a deployment must agree on, in Redis under the queue prefix:
 * - deliveries seen (a redelivery, or the same delivery at a second replica, is ignored);
 * - heads claimed (a head reviewed once is not reviewed again unless forced);
 * - the latest job per pull request (a newer push supersedes the queued or running older one);
 * - back-off per installation (GitHub said "wait": every request of that installation waits);
 * - the check runs in progress (the sweeper finds those nothing completes).
 * Keys expire, so Redis holds a bounded amount per deployment.
 */
const DAY_SECONDS = 24 * 60 * 60;
const WEEK_SECONDS = 7 * DAY_SECONDS;

export interface InFlight {
  checkRunId: number;
  jobId: string;
  startedAt: number;
  /** The job's data, so the sweeper can re-queue it even when BullMQ no longer has it. */
  request: string;
}

export class SharedState {
  constructor(
    readonly redis: Redis,
    readonly prefix: string,
  ) {}

  private key(...parts: (string | number)[]): string {
    return [this.prefix, 'state', ...parts].join(':');
  }

  /** true the first time a delivery id is seen. */
  async firstDelivery(id: string): Promise<boolean> {
    return (await this.redis.set(this.key('delivery', id), '1', 'EX', WEEK_SECONDS, 'NX')) === 'OK';
  }

  async forgetDelivery(id: string): Promise<void> {
    await this.redis.del(this.key('delivery', id));
  }

  /** Claims a head for review; false when it was claimed before (a forced run always claims). */
  async claimHead(target: PullRequestTarget, force: boolean): Promise<boolean> {
    const claimed = (await this.redis.set(this.key('head', headKey(target)), '1', 'EX', WEEK_SECONDS, 'NX')) === 'OK';
    return claimed || force;
  }

  async releaseHead(target: PullRequestTarget): Promise<void> {
    await this.redis.del(this.key('head', headKey(target)));
  }

  /** Makes a job the one that counts for its pull request (older jobs see they are superseded). */
  async markLatest(target: PullRequestTarget, jobId: string): Promise<void> {
    await this.redis.set(this.key('latest', pullKey(target)), jobId, 'EX', WEEK_SECONDS);
  }

  async isLatest(target: PullRequestTarget, jobId: string): Promise<boolean> {
    const latest = await this.redis.get(this.key('latest', pullKey(target)));
    return latest === null || latest === jobId;
  }

  /** Holds every request of an installation until `untilMs` (never shortens a longer hold). */
  async holdInstallation(installationId: number, untilMs: number): Promise<void> {
    const key = this.key('backoff', installationId);
    const current = Number(await this.redis.get(key)) || 0;
    if (untilMs > current) await this.redis.set(key, String(untilMs), 'PX', Math.max(1, untilMs - Date.now()));
  }

  /** Epoch milliseconds until which the installation must not send requests (0: none). */
  async installationHeldUntil(installationId: number): Promise<number> {
    return Number(await this.redis.get(this.key('backoff', installationId))) || 0;
  }

  async trackInFlight(entry: InFlight): Promise<void> {
    await this.redis.hset(this.key('inflight'), String(entry.checkRunId), JSON.stringify(entry));
  }

  async untrackInFlight(checkRunId: number): Promise<void> {
    await this.redis.hdel(this.key('inflight'), String(checkRunId));
  }

  async inFlight(): Promise<InFlight[]> {
    const entries = await this.redis.hvals(this.key('inflight'));
    return entries.map((entry) => JSON.parse(entry) as InFlight);
  }

  /** One process at a time sweeps: a lock that expires on its own if that process dies. */
  async claimSweep(ttlMs: number): Promise<boolean> {
    return (await this.redis.set(this.key('sweep-lock'), String(process.pid), 'PX', ttlMs, 'NX')) === 'OK';
  }
}

function headKey(target: PullRequestTarget): string {
  return `${pullKey(target)}@${target.headSha}`;
}
