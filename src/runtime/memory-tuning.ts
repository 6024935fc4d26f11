import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Process-wide memory settings for the two entry points (the CLI and the App), measured with
 * GNU time on `dbarch review --no-dry-run --format text` over the static bench's corpus and with
 * the dry-run bench (2 CPUs):
 *
 * - WebAssembly: libpg-query (the SQL parser) and PGlite (the dry run's PostgreSQL) are large
 *   WebAssembly modules. By default V8 compiles them with its baseline compiler and then recompiles
 *   hot functions with its optimising compiler on background threads, whose working memory stays
 *   in those threads' malloc arenas (about 90 MB) and whose CPU time a short run never earns back.
 *   Baseline code only: static review of the 1,537-file corpus 627 → 551 MB peak RSS at the same
 *   wall time; dry run of a 300-migration base 1.85 → 1.16 s cold, 1.32 → 1.01 s warm.
 * - Garbage collection pacing (CLI): a review of many files allocates far more than it keeps, and
 *   V8 lets the heap grow to several times the live data before a full collection. A collection
 *   after every 16 MB of reviewed SQL keeps the heap near the live data: 551 → 452 MB on the same
 *   corpus, with no wall-time difference above the runs' own spread (6–7 s).
 */

let baselineSet = false;

/** Call before the first WebAssembly module is compiled (the flag applies to modules compiled later). */
export function preferBaselineWasm(): void {
  if (baselineSet) return;
  baselineSet = true;
  setFlagsFromString('--liftoff-only');
}

/**
 * A counter of work done (bytes reviewed) that runs a full garbage collection each time
 * `bytesPerCollection` more have been counted. Without access to the collector it counts only.
 */
export function collectionPacer(bytesPerCollection: number): (bytes: number) => void {
  const collect = garbageCollector();
  let since = 0;
  return (bytes) => {
    since += bytes;
    if (since < bytesPerCollection || !collect) return;
    since = 0;
    collect();
  };
}

let collector: (() => void) | undefined | null;

/** V8's gc(), exposed once for this process (Node has no public API for it). */
function garbageCollector(): (() => void) | undefined {
  if (collector === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      // The flag applies to contexts created after it: a new context carries gc().
      collector = (runInNewContext('gc') as (() => void) | undefined) ?? null;
    } catch {
      collector = null;
    }
  }
  return collector ?? undefined;
}
