import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BaseFile } from '../../review-types/index.js';
import type { DryRunNote } from '../types.js';

/**
 * Built base states (PGlite data-dir tarballs) by base content hash: a few in memory (shared by
 * every cache of the process: a blank cluster is made once per process), on disk when a cache
 * directory is given, so a re-run replays only the new migrations, and in a store shared by the
 * processes of a deployment when one is given (the App's workers: Redis), so a base built by one
 * worker is not built again by the others.
 */

export interface CachedBase {
  dataDir: Uint8Array;
  skipped: DryRunNote[];
  files: number;
  statements: number;
}

/** Changes when what a replay produces changes (engine version, replay rules). */
const CACHE_FORMAT = 'dbarch-dry-run-base/4';

export function baseCacheKey(engine: string, base: readonly BaseFile[]): string {
  const hash = createHash('sha256').update(CACHE_FORMAT).update('\0').update(engine);
  for (const file of base) hash.update('\0').update(file.path).update('\0').update(file.content);
  return hash.digest('hex');
}

/**
 * A cache shared across processes and machines, asked after memory and disk. Its methods never
 * throw: a cache that cannot answer is a miss, and the base is built as without it.
 */
export interface SharedBaseStore {
  get(key: string): Promise<CachedBase | undefined>;
  /** Stores the entry; ends this process's claim on building it. */
  set(key: string, entry: CachedBase): Promise<void>;
  /**
   * On a miss: claims the building of this base (undefined: build it here), or waits while another
   * process builds it and returns its entry (undefined if it stored none: build it here too).
   */
  claimOrWait?(key: string): Promise<CachedBase | undefined>;
  /** Ends this process's claim on building the base (built but not cached, or failed). */
  release?(key: string): Promise<void>;
}

/** Keys are content hashes, so entries are valid whichever cache directory they came from. */
const processMemory = new Map<string, CachedBase>();

export class BaseCache {
  private readonly memory = processMemory;

  constructor(
    private readonly directory?: string,
    private readonly memoryEntries = 3,
    private readonly shared?: SharedBaseStore,
  ) {}

  async get(key: string): Promise<CachedBase | undefined> {
    const hit = this.memory.get(key);
    if (hit) {
      this.memory.delete(key);
      this.memory.set(key, hit);
      return hit;
    }
    const found = (await this.readDisk(key)) ?? (await this.shared?.get(key));
    if (found) this.remember(key, found);
    return found;
  }

  /** After a miss, with a shared store: the base another process is building, or undefined to build it here. */
  async waitForBuilder(key: string): Promise<CachedBase | undefined> {
    const found = await this.shared?.claimOrWait?.(key);
    if (found) this.remember(key, found);
    return found;
  }

  /** This process is done building the base, whether or not it was cached. */
  async release(key: string): Promise<void> {
    await this.shared?.release?.(key);
  }

  async set(key: string, entry: CachedBase): Promise<void> {
    this.remember(key, entry);
    await this.shared?.set(key, entry);
    if (!this.directory) return;
    await mkdir(this.directory, { recursive: true });
    const { dataDir, ...meta } = entry;
    const file = join(this.directory, key);
    await writeFile(`${file}.tgz.tmp`, dataDir);
    await rename(`${file}.tgz.tmp`, `${file}.tgz`);
    await writeFile(`${file}.json`, JSON.stringify(meta));
  }

  private remember(key: string, entry: CachedBase): void {
    this.memory.set(key, entry);
    while (this.memory.size > this.memoryEntries) this.memory.delete(this.memory.keys().next().value!);
  }

  private async readDisk(key: string): Promise<CachedBase | undefined> {
    if (!this.directory) return undefined;
    try {
      const file = join(this.directory, key);
      const meta = JSON.parse(await readFile(`${file}.json`, 'utf8')) as Omit<CachedBase, 'dataDir'>;
      const dataDir = new Uint8Array(await readFile(`${file}.tgz`));
      return { ...meta, dataDir };
    } catch {
      return undefined;
    }
  }
}
