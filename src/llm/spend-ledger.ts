/**
 * What the LLM calls of each GitHub App installation cost over the last 24 hours, for
 * `llm.perInstallationDailyCostLimitUsd`. In memory, for the process: a restart forgets it. The
 * window rolls: a call's cost stops counting 24 hours after it was made, not at midnight.
 *
 * A call reserves its worst-case cost before it is made (so concurrent reviews of one installation
 * cannot each see the same remaining budget) and settles at the cost it actually had afterwards.
 * Answers from the cache are not calls and cost nothing. Amounts are kept in millionths of a dollar,
 * the precision of estimateCostUsd, so sums do not drift.
 */
export const DAY_MS = 24 * 60 * 60 * 1000;

export interface SpendLedgerOptions {
  /** Milliseconds since the epoch; injectable for tests. */
  now?: () => number;
  windowMs?: number;
}

/** A reserved call: settle it with what the call cost (0: it was not billed). */
export interface SpendCharge {
  settle(costUsd: number): void;
}

/** Whether a call costing `costUsd` at worst fits, and if not when it will. */
export type BudgetCheck =
  | { fits: true }
  | {
      fits: false;
      /** Spent within the window, USD. */
      spentUsd: number;
      /** When enough spend has left the window for the call to fit; undefined: it never will (over the whole limit). */
      fitsAt?: Date;
    };

interface Entry {
  at: number;
  micros: number;
}

const toMicros = (usd: number) => Math.max(0, Math.round(usd * 1_000_000));

export class SpendLedger {
  private readonly entries = new Map<number, Entry[]>();
  private readonly now: () => number;
  private readonly windowMs: number;

  constructor(options: SpendLedgerOptions = {}) {
    this.now = options.now ?? Date.now;
    this.windowMs = options.windowMs ?? DAY_MS;
  }

  /** USD spent by the installation within the window. */
  spentUsd(installationId: number): number {
    return this.spentMicros(installationId) / 1_000_000;
  }

  check(installationId: number, limitUsd: number, costUsd: number): BudgetCheck {
    const limit = toMicros(limitUsd);
    const cost = toMicros(costUsd);
    let spent = this.spentMicros(installationId);
    if (spent + cost <= limit) return { fits: true };
    const spentUsd = spent / 1_000_000;
    if (cost > limit) return { fits: false, spentUsd };
    for (const entry of this.live(installationId)) {
      spent -= entry.micros;
      if (spent + cost <= limit) return { fits: false, spentUsd, fitsAt: new Date(entry.at + this.windowMs) };
    }
    return { fits: false, spentUsd };
  }

  /** Counts `costUsd` against the installation now, until settled. */
  reserve(installationId: number, costUsd: number): SpendCharge {
    const entry: Entry = { at: this.now(), micros: toMicros(costUsd) };
    const list = this.live(installationId);
    list.push(entry);
    this.entries.set(installationId, list);
    return {
      settle: (actualUsd: number) => {
        entry.micros = toMicros(actualUsd);
      },
    };
  }

  /** The installation's entries within the window, oldest first (older ones are dropped). */
  private live(installationId: number): Entry[] {
    const since = this.now() - this.windowMs;
    const list = (this.entries.get(installationId) ?? []).filter((entry) => entry.at > since && entry.micros > 0);
    if (list.length > 0) this.entries.set(installationId, list);
    else this.entries.delete(installationId);
    return list;
  }

  private spentMicros(installationId: number): number {
    return this.live(installationId).reduce((sum, entry) => sum + entry.micros, 0);
  }
}
