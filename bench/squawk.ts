import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CorpusTree } from './corpus-tree.js';
import { measure } from './measure.js';

/**
 * squawk as the benchmark's reference. It is no dependency of dbarch (its per-platform binary
 * packages made the lockfile unusable for `npm ci`): the bench installs the pinned version on
 * demand into .bench-cache/squawk (git-ignored) and reuses it after. Its npm bin is a Node wrapper
 * around a native binary; the binary is run directly, so Node's start-up is not counted against
 * squawk. squawk lints all files in one process (in parallel) and aborts the whole run when its
 * parser panics on one file; those files are found once (each file linted alone, untimed),
 * remembered in .corpora, and excluded from the timed run with --exclude-path.
 */

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const SQUAWK_VERSION = '2.66.0';
const SQUAWK_PREFIX = join(ROOT, '.bench-cache', 'squawk');

/** Installs squawk-cli@SQUAWK_VERSION into .bench-cache/squawk unless it is there already. */
function ensureSquawk(): string {
  const manifest = join(SQUAWK_PREFIX, 'node_modules', 'squawk-cli', 'package.json');
  const installed = existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version === SQUAWK_VERSION;
  if (!installed) {
    mkdirSync(SQUAWK_PREFIX, { recursive: true });
    console.log(`installing squawk-cli@${SQUAWK_VERSION} into ${SQUAWK_PREFIX} (once)…`);
    execFileSync('npm', ['install', '--prefix', SQUAWK_PREFIX, '--no-save', '--no-audit', '--no-fund', `squawk-cli@${SQUAWK_VERSION}`], {
      stdio: 'inherit',
    });
  }
  return manifest;
}

export function squawkBinary(): string {
  const manifest = ensureSquawk();
  try {
    return createRequire(manifest).resolve(`@squawk-cli/${process.platform}-${process.arch}/bin/squawk`);
  } catch {
    return join(SQUAWK_PREFIX, 'node_modules/.bin/squawk');
  }
}

export function squawkVersion(): string {
  return (JSON.parse(readFileSync(ensureSquawk(), 'utf8')) as { version: string }).version;
}

/** Arguments that lint the tree's files, crashing ones excluded; run with cwd = the tree's parent. */
export function squawkArguments(treeName: string, crashes: readonly string[]): string[] {
  return ['--reporter', 'json', ...crashes.map((file) => `--exclude-path=${treeName}/${file}`), `${treeName}/**/*.sql`];
}

interface CrashCache {
  version: string;
  hash: string;
  crashes: string[];
}

/** Files squawk panics on (exit 101 or a signal), from the cache or found now. */
export async function squawkCrashes(tree: CorpusTree, corpora: string, treeName: string, log: (line: string) => void): Promise<string[]> {
  const cachePath = join(corpora, 'bench-squawk-crashes.json');
  const version = squawkVersion();
  if (existsSync(cachePath)) {
    const cache = JSON.parse(readFileSync(cachePath, 'utf8')) as CrashCache;
    if (cache.version === version && cache.hash === tree.hash) return cache.crashes;
  }
  const binary = squawkBinary();
  const whole = await measure(binary, squawkArguments(treeName, []), { cwd: corpora });
  let crashes: string[] = [];
  if (crashed(whole.exitCode, whole.signal)) {
    log(
      `squawk ${version} aborts on this corpus (exit ${whole.exitCode ?? whole.signal}); linting each file alone once to find which (cached)…`,
    );
    crashes = await findCrashes(binary, tree, corpora, treeName);
  }
  writeFileSync(cachePath, JSON.stringify({ version, hash: tree.hash, crashes } satisfies CrashCache, null, 2));
  return crashes;
}

function crashed(exitCode: number | null, signal: NodeJS.Signals | null): boolean {
  return signal !== null || (exitCode !== null && exitCode > 1);
}

async function findCrashes(binary: string, tree: CorpusTree, corpora: string, treeName: string): Promise<string[]> {
  const crashes: string[] = [];
  const queue = [...tree.files];
  const lintOne = async (): Promise<void> => {
    for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
      const result = await measure(binary, ['--reporter', 'json', `${treeName}/${file}`], { cwd: corpora, timeoutMs: 300_000 });
      if (crashed(result.exitCode, result.signal)) crashes.push(file);
    }
  };
  await Promise.all(Array.from({ length: availableParallelism() }, lintOne));
  return crashes.sort();
}
