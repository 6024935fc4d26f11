import picocolors from 'picocolors';

/**
 * Everything the CLI touches of its process, passed in so tests run `main()` in-process with
 * captured output instead of spawning one.
 */
export interface TextSink {
  write(text: string): unknown;
}

export interface CliIo {
  stdout: TextSink;
  stderr: TextSink;
  /** The folder PATH arguments and --config are relative to. */
  cwd: string;
  /** Whether stderr is a terminal: the progress line is drawn only there. */
  isTTY: boolean;
  /** Whether the text format may use colours (picocolors' rule: a terminal or CI, NO_COLOR/FORCE_COLOR). */
  color: boolean;
  /** The terminal's width when stdout is one; the text report wraps to it (else to 100 columns). */
  columns?: number;
}

export function processIo(): CliIo {
  ignoreClosedPipes();
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    cwd: process.cwd(),
    isTTY: process.stderr.isTTY === true,
    color: picocolors.isColorSupported,
    ...(process.stdout.isTTY && process.stdout.columns ? { columns: process.stdout.columns } : {}),
  };
}

let closedPipesIgnored = false;

/**
 * A reader that stops early (`dbarch review | head`) closes the pipe; the write errors that follow
 * are not dbarch's failure and must not end in a stack trace.
 */
function ignoreClosedPipes(): void {
  if (closedPipesIgnored) return;
  closedPipesIgnored = true;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
    });
  }
}
