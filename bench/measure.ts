import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Runs a command as a child process and measures it: wall time, CPU time and peak RSS. GNU time
 * (`/usr/bin/time -f`) reports the child's own figures; without it, wall time is taken here and the
 * peak RSS is sampled from /proc (Linux) every 20 ms, which can miss a short final peak.
 */

export interface Measurement {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  wallSeconds: number;
  /** User + system CPU seconds (undefined when measured without GNU time). */
  cpuSeconds?: number;
  peakRssMb?: number;
  measuredBy: 'gnu-time' | 'sampling';
  stderr: string;
}

export interface MeasureOptions {
  cwd?: string;
  /** Where the child's stdout goes: a file path, or discarded. */
  stdoutFile?: string;
  timeoutMs?: number;
  /** Extra environment variables for the child. */
  env?: Record<string, string>;
}

const GNU_TIME = '/usr/bin/time';
const STDERR_LIMIT = 64 * 1024;

let gnuTimeWorks: boolean | undefined;

export async function measure(command: string, args: readonly string[], options: MeasureOptions = {}): Promise<Measurement> {
  gnuTimeWorks ??= existsSync(GNU_TIME) && (await probeGnuTime());
  return gnuTimeWorks ? measureWithGnuTime(command, args, options) : measureBySampling(command, args, options);
}

async function probeGnuTime(): Promise<boolean> {
  const result = await run(GNU_TIME, ['-f', '%e %U %S %M', 'true'], {});
  return result.exitCode === 0 && /^\d+(\.\d+)? \S+ \S+ \d+\s*$/m.test(result.stderr);
}

async function measureWithGnuTime(command: string, args: readonly string[], options: MeasureOptions): Promise<Measurement> {
  const report = join(tmpdir(), `dbarch-bench-time-${process.pid}-${Date.now()}.txt`);
  try {
    const result = await run(GNU_TIME, ['-o', report, '-f', '%e %U %S %M', command, ...args], options);
    const line = readFileSync(report, 'utf8').trim().split('\n').pop() ?? '';
    const [wall, user, system, rssKb] = line.split(' ').map(Number);
    return {
      ...result,
      wallSeconds: wall ?? result.wallSeconds,
      cpuSeconds: (user ?? 0) + (system ?? 0),
      peakRssMb: rssKb === undefined ? undefined : rssKb / 1024,
      measuredBy: 'gnu-time',
    };
  } finally {
    rmSync(report, { force: true });
  }
}

async function measureBySampling(command: string, args: readonly string[], options: MeasureOptions): Promise<Measurement> {
  let peakKb = 0;
  const result = await run(command, args, options, (pid) => {
    const status = `/proc/${pid}/status`;
    try {
      const match = /^VmHWM:\s+(\d+)/m.exec(readFileSync(status, 'utf8'));
      if (match) peakKb = Math.max(peakKb, Number(match[1]));
    } catch {
      // the process is gone, or this is not Linux
    }
  });
  return { ...result, peakRssMb: peakKb > 0 ? peakKb / 1024 : undefined, measuredBy: 'sampling' };
}

function run(
  command: string,
  args: readonly string[],
  options: MeasureOptions,
  sample?: (pid: number) => void,
): Promise<Omit<Measurement, 'measuredBy'>> {
  const stdout = options.stdoutFile ? openSync(options.stdoutFile, 'w') : 'ignore';
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const env = options.env ? { ...process.env, ...options.env } : process.env;
    const child = spawn(command, args, { cwd: options.cwd, env, stdio: ['ignore', stdout, 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      if (stderr.length < STDERR_LIMIT) stderr += chunk.toString('utf8');
    });
    const sampler = sample && child.pid ? setInterval(() => sample(child.pid!), 20) : undefined;
    const timer = options.timeoutMs ? setTimeout(() => child.kill('SIGKILL'), options.timeoutMs) : undefined;
    child.on('error', reject);
    child.on('close', (exitCode, signal) => {
      if (sampler) clearInterval(sampler);
      if (timer) clearTimeout(timer);
      if (typeof stdout === 'number') closeSync(stdout);
      resolve({ exitCode, signal, wallSeconds: Number(process.hrtime.bigint() - started) / 1e9, stderr });
    });
  });
}
