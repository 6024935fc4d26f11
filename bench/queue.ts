import { readFileSync } from 'node:fs';
import { Cluster, sleep, until } from '../test/queue/helpers/cluster.js';

/**
 * The durable App under load (issue 13): a webhook process and 1, 2 or 4 worker processes of
 * src/start.ts on the real Redis (REDIS_URL), GitHub played by the loopback fake
 * (bench/github-api-server.ts), production Octokit throttling (1 s between writes, 3 s between
 * comments, per installation), no dry run and no LLM (the workers get no OPENAI_API_KEY), each
 * worker with DBARCH_CONCURRENCY=4. A burst of pull requests over 10 installations is delivered as
 * signed webhooks, as fast as they are answered:
 * - throughput: pull requests whose check was completed, per minute, from the first webhook to the last check;
 * - p50/p95 from a pull request's webhook to its completed check;
 * - the webhook answer time under that load (p95, max);
 * - peak RSS of each worker (VmHWM).
 */
export interface QueueBenchOptions {
  pulls?: number;
  workers?: number[];
}

export async function benchQueue(options: QueueBenchOptions = {}): Promise<void> {
  if (!process.env.REDIS_URL) {
    console.log('queue benchmark skipped: REDIS_URL is not set');
    return;
  }
  const pulls = options.pulls ?? 60;
  const rows: string[][] = [];
  for (const workers of options.workers ?? [1, 2, 4]) rows.push(await run(workers, pulls));
  const header = [
    `durable queue (${pulls} PRs, 10 installations)`,
    'throughput',
    'webhook→check p50',
    'p95',
    'answer p95 / max',
    'peak RSS per worker',
  ];
  const widths = header.map((title, index) => Math.max(title.length, ...rows.map((row) => row[index]!.length)));
  for (const row of [header, widths.map((width) => '-'.repeat(width)), ...rows])
    console.log(row.map((cell, index) => cell.padEnd(widths[index]!)).join(' | '));
}

async function run(workers: number, pulls: number): Promise<string[]> {
  const cluster = new Cluster({ workers, concurrency: 4 });
  try {
    await cluster.start();
    const installationBase = 3_000_000_000 + Math.floor(Math.random() * 1_000_000_000);
    const sent = new Map<number, number>();
    const answers: number[] = [];
    for (let number = 1; number <= pulls; number += 1) cluster.addPull(number, `${number.toString(16).padStart(40, '0')}`);
    const started = performance.now();
    for (let number = 1; number <= pulls; number += 1) {
      sent.set(number, performance.now());
      answers.push(
        (await cluster.deliver(number, 'opened', { delivery: `bench-${number}`, installation: installationBase + (number % 10) })).ms,
      );
    }
    const peaks = new Map<number, number>();
    const sample = () => {
      for (const worker of cluster.workers())
        peaks.set(worker.child.pid!, Math.max(peaks.get(worker.child.pid!) ?? 0, peakRssMb(worker.child.pid!)));
    };
    await until(
      600_000,
      () => (sample(), cluster.checks().completed >= pulls),
      () => cluster.log(),
    );
    const runs = cluster.github.allCheckRuns();
    const latencies = [...cluster.github.pulls.values()].map((pull) => {
      const run = runs.find(([, entry]) => entry.headSha === pull.headSha)![1];
      return run.completedAt! - sent.get(pull.number)!;
    });
    const last = Math.max(...runs.map(([, entry]) => entry.completedAt ?? 0));
    await sleep(500);
    sample();
    return [
      `${workers} worker${workers > 1 ? 's' : ''}`,
      `${((pulls / (last - started)) * 60_000).toFixed(0)} PRs/min`,
      seconds(percentile(latencies, 0.5)),
      seconds(percentile(latencies, 0.95)),
      `${percentile(answers, 0.95).toFixed(0)} / ${Math.max(...answers).toFixed(0)} ms`,
      [...peaks.values()].map((mb) => `${mb.toFixed(0)} MB`).join(', '),
    ];
  } finally {
    await cluster.stop();
  }
}

function peakRssMb(pid: number): number {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : 0;
  } catch {
    return 0;
  }
}

function percentile(values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? 0;
}

function seconds(milliseconds: number): string {
  return `${(milliseconds / 1000).toFixed(1)} s`;
}
