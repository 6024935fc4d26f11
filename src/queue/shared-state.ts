import type { Redis } from 'ioredis';
import { pullKey, type PullRequestTarget } from '../github/target.js';

/**
 * What every web and worker process of a deployment must agree on, in Redis under the queue prefix:
 * - deliveries seen (a redelivery, or the same delivery at a second replica, is ignored);
 * - heads claimed (a head reviewed once is not reviewed again unless forced);
 * - the latest job per pull request (a newer push supersedes the queued or running older one);
 * - the review running per pull request (one at a time: a review reads the summary comment at its
 *   start and writes it at its end, so two at once would each create one);
 * - the check runs in progress (the sweeper finds those nothing completes).
 * Keys expire, so Redis holds a bounded amount per deployment. GitHub's limits per installation
 * (write turns, holds) are in shared-github-limits.ts.
 */
const DAY_SECONDS = 24 * 60 * 60;
const WEEK_SECONDS = 7 * DAY_SECONDS;

/** Set or renew the key for ARGV[1] unless another holder has it. */
const CLAIM = `
local holder = redis.call('GET', KEYS[1])
if holder and holder ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1
`;
/** Delete the key only if ARGV[1] still holds it. */
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 0
`;

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

  /**
   * Claims, or renews, the pull request for the job's review for `ttlMs`; false while another job
   * holds it. A holder that dies stops renewing and loses it after `ttlMs`.
   */
  async claimPull(target: PullRequestTarget, jobId: string, ttlMs: number): Promise<boolean> {
    const claimed = await this.redis.eval(CLAIM, 1, this.key('reviewing', pullKey(target)), jobId, String(ttlMs));
    return claimed === 1;
  }

  async releasePull(target: PullRequestTarget, jobId: string): Promise<void> {
    await this.redis.eval(RELEASE, 1, this.key('reviewing', pullKey(target)), jobId);
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

  /**
   * One process at a time sweeps, at most once per `ttlMs`: a lock that expires on its own (also
   * if that process dies). `redis`: the runs listed here; `github`: the runs GitHub lists.
   */
  async claimSweep(kind: 'redis' | 'github', ttlMs: number): Promise<boolean> {
    return (await this.redis.set(this.key(`sweep-lock-${kind}`), String(process.pid), 'PX', ttlMs, 'NX')) === 'OK';
  }
}

function headKey(target: PullRequestTarget): string {
  return `${pullKey(target)}@${target.headSha}`;
}
