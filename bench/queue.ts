import { readFileSync } from 'node:fs';
import { Cluster, sleep, until } from '../test/queue/helpers/cluster.js';
import { FakeOpenAi } from './fake-openai-server.js';

/**
 * The durable App under a burst (issue 13): a webhook process and 1, 2 or 4 worker processes of
 * src/start.ts on the real Redis (REDIS_URL), GitHub played by the loopback fake
 * (bench/github-api-server.ts) and the LLM by a loopback OpenAI stand-in answering after 2 s
 * (bench/fake-openai-server.ts), production pacing of GitHub writes (1 s between an
 * installation's writes, 3 s between its comments, shared by the workers through Redis), no dry
 * run, each worker with DBARCH_CONCURRENCY=4. A burst of 40 pull requests, over 10 installations
 * or all in one, is delivered as signed webhooks as fast as they are answered:
 * - time from the first webhook to the last completed check and to the last summary comment
 *   (issue 13's "before": 271 s and 287 s for a burst of 40, one process, Octokit's pacing);
 * - throughput: pull requests whose check was completed, per minute;
 * - p50/p95 from a pull request's webhook to its completed check;
 * - the webhook answer time under that load (p95, max);
 * - peak RSS of each worker (VmHWM); LLM requests answered.
 */
export interface QueueBenchOptions {
  pulls?: number;
  /** [workers, installations] per run. */
  runs?: [number, number][];
  /** The LLM's answer time. */
  llmLatencyMs?: number;
}

const BEFORE = { lastCheckS: 271, lastSummaryS: 287 };

export async function benchQueue(options: QueueBenchOptions = {}): Promise<void> {
  if (!process.env.REDIS_URL) {
    console.log('queue benchmark skipped: REDIS_URL is not set');
    return;
  }
  const pulls = options.pulls ?? 40;
  const llmLatencyMs = options.llmLatencyMs ?? 2_000;
  const rows: string[][] = [];
  for (const [workers, installations] of options.runs ?? [
    [1, 10],
    [2, 10],
    [4, 10],
    [2, 1],
  ])
    rows.push(await run(workers, installations, pulls, llmLatencyMs));
  const header = [
    `burst of ${pulls} PRs (LLM answers in ${llmLatencyMs / 1000} s)`,
    'last check',
    'last summary',
    'throughput',
    'webhook→check p50',
    'p95',
    'answer p95 / max',
    'peak RSS per worker',
    'LLM calls',
  ];
  rows.push([`before (issue 13: one process)`, `${BEFORE.lastCheckS} s`, `${BEFORE.lastSummaryS} s`, '', '', '', '', '', '']);
  const widths = header.map((title, index) => Math.max(title.length, ...rows.map((row) => row[index]!.length)));
  for (const row of [header, widths.map((width) => '-'.repeat(width)), ...rows])
    console.log(row.map((cell, index) => cell.padEnd(widths[index]!)).join(' | '));
}

async function run(workers: number, installations: number, pulls: number, llmLatencyMs: number): Promise<string[]> {
  const llm = new FakeOpenAi(llmLatencyMs);
  const llmUrl = await llm.listen();
  const cluster = new Cluster({ workers, concurrency: 4, env: { OPENAI_API_KEY: 'sk-bench-not-a-real-key', OPENAI_BASE_URL: llmUrl } });
  try {
    await cluster.start();
    const installationBase = 3_000_000_000 + Math.floor(Math.random() * 1_000_000_000);
    const sent = new Map<number, number>();
    const answers: number[] = [];
    for (let number = 1; number <= pulls; number += 1) cluster.addPull(number, `${number.toString(16).padStart(40, '0')}`);
    const started = performance.now();
    for (let number = 1; number <= pulls; number += 1) {
      sent.set(number, performance.now());
      const installation = installationBase + (number % installations);
      answers.push((await cluster.deliver(number, 'opened', { delivery: `bench-${number}`, installation })).ms);
    }
    const peaks = new Map<number, number>();
    const sample = () => {
      for (const worker of cluster.workers())
        peaks.set(worker.child.pid!, Math.max(peaks.get(worker.child.pid!) ?? 0, peakRssMb(worker.child.pid!)));
    };
    const summarized = () => [...cluster.github.pulls.keys()].every((number) => cluster.github.commentsOf(number).length > 0);
    await until(
      900_000,
      () => (sample(), cluster.checks().completed >= pulls && summarized()),
      () => cluster.log(),
    );
    const runs = cluster.github.allCheckRuns();
    const latencies = [...cluster.github.pulls.values()].map((pull) => {
      const run = runs.find(([, entry]) => entry.headSha === pull.headSha)![1];
      return run.completedAt! - sent.get(pull.number)!;
    });
    const lastCheck = Math.max(...runs.map(([, entry]) => entry.completedAt ?? 0));
    const lastSummary = Math.max(
      ...cluster.github.arrivals.filter((entry) => entry.call === 'POST /issues/{n}/comments').map((entry) => entry.at),
    );
    await sleep(500);
    sample();
    return [
      `${workers} worker${workers > 1 ? 's' : ''}, ${installations} installation${installations > 1 ? 's' : ''}`,
      seconds(lastCheck - started),
      seconds(lastSummary - started),
      `${((pulls / (lastCheck - started)) * 60_000).toFixed(0)} PRs/min`,
      seconds(percentile(latencies, 0.5)),
      seconds(percentile(latencies, 0.95)),
      `${percentile(answers, 0.95).toFixed(0)} / ${Math.max(...answers).toFixed(0)} ms`,
      [...peaks.values()].map((mb) => `${mb.toFixed(0)} MB`).join(', '),
      String(llm.requests),
    ];
  } finally {
    await cluster.stop();
    await llm.close();
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
