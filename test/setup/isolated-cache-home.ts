import { afterEach, beforeEach } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Outside a git checkout the CLI caches under the user's cache folder (src/runtime/cache-location.ts).
 * Tests review temporary folders that are not checkouts: each test gets its own empty cache home, so
 * no test reads another's cached base or LLM answer, and nothing is left in the real ~/.cache.
 */
let cacheHome: string | undefined;

beforeEach(() => {
  cacheHome = mkdtempSync(join(tmpdir(), 'dbarch-test-cache-'));
  process.env.XDG_CACHE_HOME = cacheHome;
});

afterEach(() => {
  if (cacheHome) rmSync(cacheHome, { recursive: true, force: true });
  cacheHome = undefined;
});
