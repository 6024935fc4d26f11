/**
 * "GitHub said wait" per installation. GitHub warns that an integration that keeps sending requests
 * while it is secondary-rate-limited can be banned, so once one request of an installation is told
 * to wait, every request of that installation waits until then — not only the one that was told.
 * In one process the holds live in memory; with Redis (src/queue/shared-state.ts) every worker of
 * the deployment sees them.
 */
export interface InstallationBackoff {
  /** Epoch milliseconds until which the installation must not send requests (0: none). */
  heldUntil(installationId: number): Promise<number>;
  hold(installationId: number, untilMs: number): Promise<void>;
}

export class MemoryBackoff implements InstallationBackoff {
  private readonly holds = new Map<number, number>();

  /** `now`: epoch milliseconds (tests move it with their sleep). */
  constructor(private readonly now: () => number = Date.now) {}

  async heldUntil(installationId: number): Promise<number> {
    const until = this.holds.get(installationId) ?? 0;
    if (until <= this.now()) this.holds.delete(installationId);
    return until > this.now() ? until : 0;
  }

  async hold(installationId: number, untilMs: number): Promise<void> {
    if (untilMs > (this.holds.get(installationId) ?? 0)) this.holds.set(installationId, untilMs);
  }
}
