/**
 * One sandbox started ahead of need, for a long-running process (the GitHub App, the benchmark):
 * after a dry run on a cached base, the next sandbox on that base starts in the background, so the
 * next review of a pull request on the same base finds PostgreSQL up with the base loaded instead
 * of spending most of its time starting it (about 0.1 s instead of 0.7 s for a 300-migration base).
 * One at a time, closed after IDLE_MS unused: an idle PGlite holds about 100 MB.
 */

const IDLE_MS = 10 * 60 * 1000;

/** What a spare needs of a sandbox (PgliteSandbox). */
export interface StartedSandbox {
  readonly alive: boolean;
  setIdle(idle: boolean): void;
  close(): Promise<void>;
}

interface Spare<Sandbox> {
  key: string;
  sandbox: Promise<Sandbox | undefined>;
  timer: NodeJS.Timeout;
}

export class SpareSandbox<Sandbox extends StartedSandbox> {
  private spare: Spare<Sandbox> | undefined;

  constructor(private readonly idleMs = IDLE_MS) {}

  /** The spare for `key` (started, or still starting), if there is one; it is the caller's from then on. */
  async take(key: string): Promise<Sandbox | undefined> {
    const spare = this.spare;
    if (!spare || spare.key !== key) return undefined;
    this.spare = undefined;
    clearTimeout(spare.timer);
    const sandbox = await spare.sandbox;
    if (!sandbox?.alive) return undefined;
    sandbox.setIdle(false);
    return sandbox;
  }

  /** Starts a spare for `key` unless one is there already; a spare for another key is closed. */
  prepare(key: string, start: () => Promise<Sandbox>): void {
    if (this.spare?.key === key) return;
    void this.discard();
    const sandbox = start().then(
      (started) => {
        started.setIdle(true);
        return started;
      },
      () => undefined, // a spare that cannot start is no loss: the next run starts its own
    );
    const timer = setTimeout(() => void this.discard(), this.idleMs).unref();
    this.spare = { key, sandbox, timer };
  }

  /** Closes the spare (once it has started, if it is still starting). */
  async discard(): Promise<void> {
    const spare = this.spare;
    if (!spare) return;
    this.spare = undefined;
    clearTimeout(spare.timer);
    await (await spare.sandbox)?.close();
  }
}
