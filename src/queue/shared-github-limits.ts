import type { Redis, Result } from 'ioredis';
import type { InstallationBackoff } from '../github/installation-backoff.js';
import { NOTIFICATION_SPACING_MS, WRITE_SPACING_MS, type PacedKind, type WritePacing } from '../github/write-pacing.js';

/**
 * GitHub's limits per installation, shared by every web and worker process of a deployment
 * through Redis: the write pacing (src/github/write-pacing.ts) and the hold after GitHub said
 * "wait" (src/github/installation-backoff.ts). One small Lua script each, so a turn or a hold is
 * taken atomically however many workers ask at once.
 *
 * Why not Bottleneck's Redis clustering (what Probot turns on with REDIS_URL): its limiters count
 * running jobs, and a worker killed mid-request keeps its slot until the job's expiration (a
 * minute under Octokit), stalling that installation's writes on every other worker; it keeps a
 * limiter with a heartbeat per installation and group in every process; and it has not been
 * released since 2019. GitHub asks for spacing, not a concurrency limit, and spacing needs only
 * the time of the next turn: nothing is held, so nothing is lost when a worker dies. Times come
 * from Redis' clock (TIME) and holds are TTLs, so workers on machines whose clocks differ agree.
 */
const RESERVE_TURN = `
local now = redis.call('TIME')
now = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
local turn = math.max(now, tonumber(redis.call('HGET', KEYS[1], 'write') or '0'))
if ARGV[1] == 'notification' then turn = math.max(turn, tonumber(redis.call('HGET', KEYS[1], 'notification') or '0')) end
redis.call('HSET', KEYS[1], 'write', turn + tonumber(ARGV[2]))
if ARGV[1] == 'notification' then redis.call('HSET', KEYS[1], 'notification', turn + tonumber(ARGV[3])) end
redis.call('PEXPIRE', KEYS[1], turn - now + tonumber(ARGV[3]) + 1000)
return turn - now
`;

/** Sets a hold of ARGV[1] ms unless a longer one is in force (a hold is never shortened). */
const HOLD = `
local left = redis.call('PTTL', KEYS[1])
if left < tonumber(ARGV[1]) then redis.call('SET', KEYS[1], '1', 'PX', ARGV[1]) end
return 0
`;

declare module 'ioredis' {
  interface RedisCommander<Context> {
    dbarchReserveTurn(key: string, kind: PacedKind, writeMs: number, notificationMs: number): Result<number, Context>;
    dbarchHold(key: string, milliseconds: number): Result<number, Context>;
  }
}

/** Connections the scripts were defined on (ioredis keeps them per connection). */
const scripted = new WeakSet<Redis>();

export class SharedGitHubLimits implements InstallationBackoff, WritePacing {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {
    if (!scripted.has(redis)) {
      scripted.add(redis);
      redis.defineCommand('dbarchReserveTurn', { numberOfKeys: 1, lua: RESERVE_TURN });
      redis.defineCommand('dbarchHold', { numberOfKeys: 1, lua: HOLD });
    }
  }

  private key(kind: 'pacing' | 'hold', installationId: number): string {
    return `${this.prefix}:state:github-${kind}:${installationId}`;
  }

  async reserve(installationId: number, kind: PacedKind): Promise<number> {
    return this.redis.dbarchReserveTurn(this.key('pacing', installationId), kind, WRITE_SPACING_MS, NOTIFICATION_SPACING_MS);
  }

  async hold(installationId: number, untilMs: number): Promise<void> {
    const milliseconds = Math.ceil(untilMs - Date.now());
    if (milliseconds > 0) await this.redis.dbarchHold(this.key('hold', installationId), milliseconds);
  }

  async heldUntil(installationId: number): Promise<number> {
    const left = await this.redis.pttl(this.key('hold', installationId));
    return left > 0 ? Date.now() + left : 0;
  }
}
