import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ModelFinding } from './review-model.js';

/**
 * Answers of the model, keyed by what produced them: the prompt version, the model and a hash of the
 * exact request (which holds every reviewed input). A re-push that leaves the migrations unchanged
 * builds the same request, so it costs zero tokens. The GitHub App keeps one in memory for the
 * process; the CLI adds `llm/` under dbarchCacheDir() (the git directory or the user cache folder) so local re-runs are free too.
 */
export interface CachedAdvice {
  findings: ModelFinding[];
  summary: string;
}

export interface ReviewCache {
  get(key: string): Promise<CachedAdvice | undefined>;
  set(key: string, value: CachedAdvice): Promise<void>;
}

export interface CacheKeyParts {
  promptVersion: string;
  model: string;
  system: string;
  user: string;
  maxOutputTokens: number;
}

export function cacheKey(parts: CacheKeyParts): string {
  const hash = createHash('sha256');
  for (const value of [parts.promptVersion, parts.model, String(parts.maxOutputTokens), parts.system, parts.user])
    hash.update(`${value}\0`);
  return hash.digest('hex');
}

/** Least recently used entries go first once `maxEntries` is reached. */
export class MemoryReviewCache implements ReviewCache {
  private readonly entries = new Map<string, CachedAdvice>();

  constructor(private readonly maxEntries = 500) {}

  async get(key: string): Promise<CachedAdvice | undefined> {
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  async set(key: string, value: CachedAdvice): Promise<void> {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }
}

/** Memory in front of one JSON file per key. A file that cannot be read or written is a miss, not an error. */
export class DiskReviewCache implements ReviewCache {
  private readonly memory = new MemoryReviewCache();

  constructor(private readonly directory: string) {}

  async get(key: string): Promise<CachedAdvice | undefined> {
    const remembered = await this.memory.get(key);
    if (remembered) return remembered;
    try {
      const value = JSON.parse(await readFile(this.file(key), 'utf8')) as CachedAdvice;
      if (!Array.isArray(value.findings) || typeof value.summary !== 'string') return undefined;
      await this.memory.set(key, value);
      return value;
    } catch {
      return undefined;
    }
  }

  async set(key: string, value: CachedAdvice): Promise<void> {
    await this.memory.set(key, value);
    try {
      await mkdir(this.directory, { recursive: true });
      // Written aside and renamed, so a concurrent run never reads half a file.
      const temporary = `${this.file(key)}.${process.pid}.tmp`;
      await writeFile(temporary, JSON.stringify(value));
      await rename(temporary, this.file(key));
    } catch {
      // A read-only checkout still gets its review; only the next run pays again.
    }
  }

  private file(key: string): string {
    return join(this.directory, `${key}.json`);
  }
}

/** The process-wide cache used when an adapter passes none (the GitHub App's re-pushes hit it). */
export const sharedReviewCache: ReviewCache = new MemoryReviewCache();
