import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac, generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import { FakeGitHub } from '../../../bench/github-api-server.js';
import { pullRequestEvent } from '../../github/helpers/webhooks.js';

/**
 * dbarch as a deployment runs it, on this machine: one webhook process (DBARCH_ROLE=web) and worker
 * processes (DBARCH_ROLE=worker) of the real entry (src/start.ts), on the real Redis under a queue
 * prefix of their own, authenticating as a GitHub App (a key made here) against the loopback fake
 * GitHub (bench/github-api-server.ts) through GHE_HOST. Webhooks are signed POSTs, as GitHub sends
 * them. Nothing leaves 127.0.0.1. Every wait is bounded.
 */
const SECRET = 'queue-test-secret';
export const BASE_SHA = 'b'.repeat(40);
const BASE_FILES: [string, string][] = [['db/migrations/001_init.sql', 'CREATE TABLE orders (id bigint PRIMARY KEY);\n']];

export interface ClusterOptions {
  workers: number;
  concurrency?: number;
  /** Extra milliseconds for a fake GitHub call (hold reviews mid-way). */
  delayFor?: (call: string) => number;
  env?: Record<string, string>;
}

export interface Process {
  name: string;
  child: ChildProcess;
  output: string[];
  exited: Promise<number | null>;
}

export class Cluster {
  readonly prefix = `dbarch-h6-queue-test-${randomBytes(4).toString('hex')}`;
  readonly github: FakeGitHub;
  readonly processes: Process[] = [];
  webhookUrl = '';
  private baseUrl = '';
  private readonly key = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();

  constructor(readonly options: ClusterOptions) {
    this.github = new FakeGitHub(options.delayFor ? { delayFor: options.delayFor } : {});
    this.github.commits.set(BASE_SHA, new Map(BASE_FILES));
  }

  async start(): Promise<void> {
    this.baseUrl = await this.github.listen();
    const port = await freePort();
    this.spawn('web', { DBARCH_ROLE: 'web', PORT: String(port) });
    for (let index = 0; index < this.options.workers; index += 1) this.spawn(`worker-${index + 1}`, { DBARCH_ROLE: 'worker' });
    this.webhookUrl = `http://127.0.0.1:${port}/api/github/webhooks`;
    await until(
      60_000,
      async () => (await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined))?.status === 200,
      () => this.log(),
    );
    for (const worker of this.workers())
      await until(
        60_000,
        async () => worker.output.some((line) => line.includes('queue: BullMQ')),
        () => this.log(),
      );
  }

  workers(): Process[] {
    return this.processes.filter((entry) => entry.name.startsWith('worker') && entry.child.exitCode === null);
  }

  spawn(name: string, env: Record<string, string>): Process {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/start.ts'], {
      cwd: process.cwd(),
      // Only what the process needs: no DATABASE_URL or OPENAI_API_KEY of the test environment.
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '/tmp',
        NODE_ENV: 'test',
        REDIS_URL: process.env.REDIS_URL!,
        DBARCH_QUEUE_PREFIX: this.prefix,
        DBARCH_DRY_RUN: 'off',
        DBARCH_QUEUE_LOCK_MS: '2000',
        DBARCH_RETRY_BACKOFF_MS: '200',
        DBARCH_CONCURRENCY: String(this.options.concurrency ?? 2),
        APP_ID: '1',
        PRIVATE_KEY: this.key,
        WEBHOOK_SECRET: SECRET,
        GHE_HOST: this.baseUrl.replace('http://', ''),
        GHE_PROTOCOL: 'http',
        HOST: '127.0.0.1',
        // Workers' probe server on a free port (the web process gets its own).
        PORT: '0',
        LOG_LEVEL: 'info',
        LOG_FORMAT: 'json',
        ...this.options.env,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output: string[] = [];
    const collect = (chunk: Buffer) => output.push(...chunk.toString().split('\n').filter(Boolean));
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const entry = { name, child, output, exited };
    this.processes.push(entry);
    return entry;
  }

  /** A pull request with one safe migration at `headSha`. */
  addPull(number: number, headSha: string): void {
    const path = `db/migrations/${String(number).padStart(3, '0')}_add_table.sql`;
    const content = `CREATE TABLE t_${number}_${headSha.slice(0, 6)} (id bigint PRIMARY KEY);\n`;
    this.github.commits.set(headSha, new Map([...BASE_FILES, [path, content]]));
    this.github.pulls.set(number, {
      number,
      headSha,
      baseSha: BASE_SHA,
      files: [{ filename: path, status: 'added', patch: `@@ -0,0 +1 @@\n+${content.trim()}` }],
    });
  }

  /** Delivers `pull_request.<action>` for the pull request's head; the answer's status and time. */
  async deliver(number: number, action: 'opened' | 'synchronize', options: { delivery: string; installation: number }) {
    const pull = this.github.pulls.get(number)!;
    const payload = pullRequestEvent(action, { head: pull.headSha });
    payload.number = number;
    payload.pull_request.number = number;
    payload.installation.id = options.installation;
    const body = JSON.stringify(payload);
    const started = performance.now();
    const response = await fetch(this.webhookUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-github-event': 'pull_request',
        'x-github-delivery': options.delivery,
        'x-hub-signature-256': `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`,
      },
      body,
    });
    await response.text();
    return { status: response.status, ms: performance.now() - started };
  }

  /** Check runs created, and how many are completed. */
  checks(): { created: number; completed: number; conclusions: string[] } {
    const runs = this.github.allCheckRuns();
    const completed = runs.filter(([, run]) => run.status === 'completed');
    return { created: runs.length, completed: completed.length, conclusions: completed.map(([, run]) => run.conclusion ?? '') };
  }

  log(): string {
    return this.processes.map((entry) => `--- ${entry.name}\n${entry.output.slice(-30).join('\n')}`).join('\n');
  }

  /** Kills what is left, closes the fake GitHub and deletes this run's keys from Redis. */
  async stop(): Promise<void> {
    for (const entry of this.processes) if (entry.child.exitCode === null) entry.child.kill('SIGKILL');
    await Promise.all(this.processes.map((entry) => within(5_000, entry.exited, undefined)));
    await this.github.close();
    await this.forgetRedis();
  }

  /** Deletes this run's keys from Redis, as a Redis restarted without its data would have them. */
  async forgetRedis(): Promise<void> {
    const redis = new Redis(process.env.REDIS_URL!);
    try {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${this.prefix}:*`, 'COUNT', 500);
        if (keys.length > 0) await redis.del(...keys);
        cursor = next;
      } while (cursor !== '0');
    } finally {
      redis.disconnect();
    }
  }
}

export async function until(timeoutMs: number, check: () => Promise<boolean> | boolean, describe: () => string = () => ''): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not reached within ${timeoutMs} ms\n${describe()}`);
    await sleep(100);
  }
}

/** `promise`, or `fallback` after `milliseconds` (the timer is cleared either way). */
export async function within<T, F>(milliseconds: number, promise: Promise<T>, fallback: F): Promise<T | F> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<F>((resolve) => (timer = setTimeout(() => resolve(fallback), milliseconds)));
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

export function sleep(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
