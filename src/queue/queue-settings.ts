/**
 * The durable queue's contract with the operator (docs/deploy.md): `REDIS_URL` turns it on,
 * `DBARCH_ROLE` says what this process does, `DBARCH_QUEUE_PREFIX` keeps deployments (and test
 * runs) sharing one Redis apart. Everything else has a default that suits a small deployment.
 */
export type Role = 'web' | 'worker' | 'all';

export interface QueueSettings {
  redisUrl?: string;
  role: Role;
  prefix: string;
  /** Reviews one worker process runs at once. */
  concurrency: number;
  /** Tries per review for transient GitHub/LLM failures. */
  attempts: number;
  /** First retry after this, doubling. */
  backoffMs: number;
  /** A worker that stops renewing its lock this long (killed, frozen) loses the job to another worker. */
  lockMs: number;
  /** How long SIGTERM waits for running reviews before handing them back. */
  shutdownMs: number;
  /** A check run in progress longer than this is re-queued, then failed with the reason (never left hung). */
  sweepAfterMs: number;
  /** Megabytes of Redis for the dry run's built bases, shared by the workers (0: none). */
  baseCacheMb: number;
}

export function queueSettings(env: Readonly<Record<string, string | undefined>> = process.env): QueueSettings {
  const role = (env.DBARCH_ROLE?.trim() || 'all') as Role;
  if (!['web', 'worker', 'all'].includes(role)) throw new Error(`DBARCH_ROLE must be web, worker or all (got "${env.DBARCH_ROLE}")`);
  const redisUrl = env.REDIS_URL?.trim() || undefined;
  if (role !== 'all' && !redisUrl) throw new Error(`DBARCH_ROLE=${role} needs REDIS_URL: without Redis, web and worker are one process`);
  return {
    ...(redisUrl ? { redisUrl } : {}),
    role,
    prefix: env.DBARCH_QUEUE_PREFIX?.trim() || 'dbarch',
    concurrency: positive(env, 'DBARCH_CONCURRENCY', 4),
    attempts: positive(env, 'DBARCH_REVIEW_ATTEMPTS', 4),
    backoffMs: positive(env, 'DBARCH_RETRY_BACKOFF_MS', 5_000),
    lockMs: positive(env, 'DBARCH_QUEUE_LOCK_MS', 30_000),
    shutdownMs: positive(env, 'DBARCH_SHUTDOWN_MS', 25_000),
    sweepAfterMs: positive(env, 'DBARCH_SWEEP_AFTER_MS', 30 * 60_000),
    baseCacheMb: whole(env, 'DBARCH_BASE_CACHE_REDIS_MB', 512),
  };
}

function positive(env: Readonly<Record<string, string | undefined>>, name: string, fallback: number): number {
  return integer(env, name, fallback, 1, 'a positive integer');
}

/** 0 allowed (turns the thing off). */
function whole(env: Readonly<Record<string, string | undefined>>, name: string, fallback: number): number {
  return integer(env, name, fallback, 0, 'a whole number');
}

function integer(env: Readonly<Record<string, string | undefined>>, name: string, fallback: number, min: number, what: string): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be ${what} (got "${raw}")`);
  return value;
}
