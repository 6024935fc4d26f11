import type { CliIo } from './cli-io.js';

/**
 * A one-line `[n/total] path` progress indicator on stderr, redrawn in place. Only on a terminal
 * and only for reviews big enough to wait for: in CI logs or pipes it would be noise.
 */
const MINIMUM_FILES = 20;

export interface ProgressReporter {
  onProgress(done: number, total: number, path: string): void;
  /** Clears the line so the output that follows starts clean. */
  finish(): void;
}

export function progressReporter(io: Pick<CliIo, 'stderr' | 'isTTY'>): ProgressReporter {
  let drawn = false;
  return {
    onProgress(done, total, path) {
      if (!io.isTTY || total <= MINIMUM_FILES) return;
      // \r returns to the line start, ESC[K clears what a longer previous path left behind.
      io.stderr.write(`\r\u001b[K[${done}/${total}] ${path}`);
      drawn = true;
    },
    finish() {
      if (drawn) io.stderr.write('\r\u001b[K');
      drawn = false;
    },
  };
}
