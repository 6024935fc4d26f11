import { createHmac, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { createNodeMiddleware, Probot, type ProbotOctokit } from 'probot';
import { createApp } from '../src/app.js';
import { review } from '../src/engine/review.js';
import { PacedOctokit } from '../src/github/paced-octokit.js';
import { ReviewScheduler } from '../src/github/scheduler.js';
import { instantOctokit } from '../test/github/helpers/test-octokit.js';
import { pullRequestEvent } from '../test/github/helpers/webhooks.js';
import { FakeGitHub } from './github-api-server.js';

/**
 * GitHub App benchmark, with GitHub played by a loopback HTTP server (bench/github-api-server.ts;
 * no external network) and webhooks delivered as signed HTTP POSTs to Probot's middleware, as
 * GitHub delivers them:
 * - webhook response: from the POST to its HTTP response (GitHub gives up after 10 s);
 * - review end to end: from the POST until the check run is completed and the summary written;
 * - engine: the part of that spent in review() (no dry run, no LLM: as the app runs today);
 * - GitHub calls per review: a typical 5-migration pull request, first review and a re-push
 *   (target ≤ 8 for the first review);
 * - a burst of pull requests opened at once (the queue runs 4 reviews at a time).
 * Two Octokits: with every wait taken out (dbarch's own time), and as the App runs in production
 * (src/start.ts: PacedOctokit, dbarch's write pacing per installation: writes 1 s apart,
 * comment-creating writes 3 s apart). Sequential events in that mode start after a 3 s pause, so
 * each finds the installation's turns free, as pushes minutes apart would.
 */

const SECRET = 'bench-webhook-secret';
const BASE_SHA = 'b'.repeat(40);
const LIMITER_PAUSE_MS = 3_100;

export interface GitHubBenchOptions {
  /** Timed first reviews + re-pushes per mode; the median is reported. */
  runs?: number;
  /** Pull requests opened at once in the burst. */
  burst?: number;
  /** Added to each answer of the fake GitHub, as a round trip would be. */
  latencyMs?: number;
  /** Skip the production-pacing mode (it waits on purpose: ~10 s per run). */
  production?: boolean;
}

interface Measured {
  responseMs: number;
  endToEndMs: number;
  engineMs: number;
  calls: string[];
}

export async function benchGitHub(options: GitHubBenchOptions = {}): Promise<void> {
  const runs = Math.max(1, options.runs ?? 3);
  const burst = options.burst ?? 8;
  const rows: string[][] = [];
  const modes: [string, typeof ProbotOctokit, number][] = [['no throttling waits', instantOctokit(), 0]];
  if (options.production !== false) modes.push(['production pacing', PacedOctokit, LIMITER_PAUSE_MS]);
  let routes: string[] = [];
  for (const [mode, Octokit, pause] of modes) {
    const harness = await startHarness(Octokit, options.latencyMs ?? 0, pause > 0);
    try {
      const first: Measured[] = [];
      const again: Measured[] = [];
      for (let run = 0; run < runs; run += 1) {
        const number = 100 + run;
        await sleep(pause);
        first.push(await harness.deliver(number, 'opened'));
        await sleep(pause);
        again.push(await harness.deliver(number, 'synchronize'));
      }
      rows.push(row(`${mode}: first review`, first), row(`${mode}: re-push`, again));
      routes = first[0]!.calls;
      await sleep(pause);
      rows.push(await harness.burst(200, burst, mode));
      if (harness.github.unknown.length > 0)
        rows.push([`UNEXPECTED requests: ${[...new Set(harness.github.unknown)].join(', ')}`, '', '', '', '']);
    } finally {
      await harness.stop();
    }
  }
  printTable(['GitHub App (5-migration PR, loopback GitHub)', 'webhook response', 'review end to end', 'engine', 'GitHub calls'], rows);
  console.log(`\ncalls of a first review (target ≤ 8): ${routes.join(', ')}`);
}

function row(label: string, measured: Measured[]): string[] {
  const calls = new Set(measured.map((entry) => entry.calls.length));
  return [
    label,
    ms(median(measured.map((entry) => entry.responseMs))),
    ms(median(measured.map((entry) => entry.endToEndMs))),
    ms(median(measured.map((entry) => entry.engineMs))),
    [...calls].join(' / '),
  ];
}

interface Harness {
  github: FakeGitHub;
  deliver(number: number, action: 'opened' | 'synchronize'): Promise<Measured>;
  burst(firstNumber: number, count: number, mode: string): Promise<string[]>;
  stop(): Promise<void>;
}

async function startHarness(Octokit: typeof ProbotOctokit, latencyMs: number, paced: boolean): Promise<Harness> {
  const github = new FakeGitHub({ latencyMs });
  const baseUrl = await github.listen();
  github.commits.set(BASE_SHA, baseMigrations());
  const scheduler = new ReviewScheduler({ concurrency: 4 });
  let engineMs = 0;
  const app = createApp({
    scheduler,
    queueEnv: false,
    ...(paced ? {} : { rateLimits: { pacing: false as const } }),
    review: async (changeset, config) => {
      const started = performance.now();
      try {
        return await review(changeset, config);
      } finally {
        engineMs += performance.now() - started;
      }
    },
  });
  const probot = new Probot({ githubToken: 'bench-token', secret: SECRET, baseUrl, Octokit, log: pino({ level: 'silent' }) });
  const middleware = await createNodeMiddleware(app, { probot });
  const server = createServer((request, response) => void middleware(request, response, () => response.writeHead(404).end()));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const webhookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/github/webhooks`;
  const heads = new Map<number, number>();

  const push = (number: number, action: 'opened' | 'synchronize') => {
    const pushes = (heads.get(number) ?? 0) + 1;
    heads.set(number, pushes);
    const headSha = randomBytes(20).toString('hex');
    const files = pullRequestFiles(pushes);
    github.commits.set(headSha, new Map([...baseMigrations(), ...files]));
    github.pulls.set(number, {
      number,
      headSha,
      baseSha: BASE_SHA,
      files: [...files].map(([filename, content]) => ({ filename, status: 'added', patch: addedPatch(content) })),
    });
    const payload = pullRequestEvent(action, { head: headSha, changedFiles: files.size });
    payload.number = number;
    payload.pull_request.number = number;
    return postWebhook(webhookUrl, 'pull_request', payload);
  };

  return {
    github,
    async deliver(number, action) {
      const calls = github.calls.length;
      engineMs = 0;
      const started = performance.now();
      const response = await push(number, action);
      const responseMs = performance.now() - started;
      await scheduler.idle();
      const endToEndMs = performance.now() - started;
      if (response !== 200) throw new Error(`webhook answered ${response}`);
      return { responseMs, endToEndMs, engineMs, calls: github.calls.slice(calls) };
    },
    async burst(firstNumber, count, mode) {
      const calls = github.calls.length;
      engineMs = 0;
      const started = performance.now();
      const responses = await Promise.all(
        Array.from({ length: count }, async (_, index) => {
          const sent = performance.now();
          const status = await push(firstNumber + index, 'opened');
          return { status, ms: performance.now() - sent };
        }),
      );
      await scheduler.idle();
      const total = performance.now() - started;
      const times = responses.map((entry) => entry.ms);
      const statuses = [...new Set(responses.map((entry) => entry.status))].join('/');
      return [
        `${mode}: ${count} PRs opened at once (HTTP ${statuses})`,
        `p50 ${ms(median(times))}, max ${ms(Math.max(...times))}`,
        `all done ${ms(total)}`,
        ms(engineMs),
        `${((github.calls.length - calls) / count).toFixed(1)} per PR`,
      ];
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await github.close();
    },
  };
}

async function postWebhook(url: string, name: string, payload: unknown): Promise<number> {
  const body = JSON.stringify(payload);
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-github-event': name,
      'x-github-delivery': randomBytes(16).toString('hex'),
      'x-hub-signature-256': `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`,
    },
    body,
  });
  await response.text();
  return response.status;
}

/** The base branch: 20 migrations building a small shop schema. */
function baseMigrations(): Map<string, string> {
  const files = new Map<string, string>();
  files.set(
    'db/migrations/001_customers.sql',
    'CREATE TABLE customers (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text NOT NULL UNIQUE, created_at timestamptz NOT NULL DEFAULT now());\n',
  );
  files.set(
    'db/migrations/002_orders.sql',
    'CREATE TABLE orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, customer_id bigint NOT NULL REFERENCES customers (id), total_cents bigint NOT NULL, legacy_note text, created_at timestamptz NOT NULL DEFAULT now());\n',
  );
  for (let index = 3; index <= 20; index += 1) {
    const name = String(index).padStart(3, '0');
    files.set(
      `db/migrations/${name}_table_${index}.sql`,
      `CREATE TABLE table_${index} (id bigint PRIMARY KEY, name text NOT NULL);\nCREATE INDEX table_${index}_name_idx ON table_${index} (name);\n`,
    );
  }
  files.set('README.md', '# shop\n');
  return files;
}

/** A typical pull request: five migrations (safe, downtime, destructive), changed a little on each push. */
function pullRequestFiles(push: number): Map<string, string> {
  const note = push > 1 ? `-- revision ${push}\n` : '';
  return new Map([
    [
      'db/migrations/021_invoices.sql',
      `${note}CREATE TABLE invoices (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, order_id bigint NOT NULL, amount_cents bigint NOT NULL);\nCREATE INDEX invoices_order_idx ON invoices (order_id);\n`,
    ],
    ['db/migrations/022_orders_status.sql', "ALTER TABLE orders ADD COLUMN status text NOT NULL DEFAULT 'new';\n"],
    ['db/migrations/023_orders_status_idx.sql', 'CREATE INDEX orders_status_idx ON orders (status);\n'],
    [
      'db/migrations/024_invoices_fk.sql',
      'ALTER TABLE invoices ADD CONSTRAINT invoices_order_fk FOREIGN KEY (order_id) REFERENCES orders (id);\n',
    ],
    ['db/migrations/025_drop_legacy_note.sql', 'ALTER TABLE orders DROP COLUMN legacy_note;\n'],
    ['src/orders/status.ts', "export type Status = 'new' | 'paid';\n"],
  ]);
}

function addedPatch(content: string): string {
  const lines = content.replace(/\n$/, '').split('\n');
  return [`@@ -0,0 +1,${lines.length} @@`, ...lines.map((line) => `+${line}`)].join('\n');
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));
const ms = (value: number) => (value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${Math.round(value)} ms`);

function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((cells) => (cells[column] ?? '').length)));
  const line = (cells: string[]) => cells.map((cell, column) => (cell ?? '').padEnd(widths[column]!)).join('  ');
  console.log(['', line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n'));
}
