import { classifyPath } from '../../src/classify/classify-file.js';
import type { CliEngine, ReviewRunOptions } from '../../src/cli/engine-port.js';
import { main } from '../../src/cli/main.js';
import type { Review } from '../../src/review-types/index.js';

/** Runs `dbarch` in-process with captured output, as a user at a terminal or in CI would. */
export interface CliRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface RunCliOptions {
  cwd: string;
  isTTY?: boolean;
  engine?: CliEngine;
}

export async function runCli(argv: string[], options: RunCliOptions): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    cwd: options.cwd,
    isTTY: options.isTTY ?? false,
    color: false,
  };
  const loadEngine = options.engine ? async () => options.engine! : undefined;
  const exitCode = await main(argv, io, loadEngine);
  return { exitCode, stdout, stderr };
}

/**
 * An engine that returns a given review and records what the CLI passed it, for the parts of the
 * CLI that do not depend on what the engine finds (options, progress, errors).
 */
export function fakeEngine(result: Review | (() => Promise<Review>), progressSteps = 0) {
  const calls: ReviewRunOptions[] = [];
  const engine: CliEngine = {
    async review(_changeset, _config, options) {
      calls.push(options);
      for (let done = 1; done <= progressSteps; done += 1) options.onProgress?.(done, progressSteps, `file-${done}.sql`);
      return typeof result === 'function' ? result() : result;
    },
    classifyPath,
    rules: [],
  };
  return { engine, calls };
}
