import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { defaultConfig } from '../src/config/load-config.js';
import { review } from '../src/engine/review.js';
import { squawkBinary } from './squawk.js';

/**
 * Signal benchmark: on the fixture migrations (test/fixtures/migrations/{safe,risky}), how many
 * safe files get a warning or error (false alarms) and how many risky files are caught, for dbarch
 * and for squawk in the same run. Each file is reviewed alone, its tables treated as existing.
 */

const ROOT = 'test/fixtures/migrations';

interface Tally {
  safeFlagged: number;
  safeTotal: number;
  riskyCaught: number;
  riskyTotal: number;
}

/** Fixtures may name the PostgreSQL version they are about in a `-- pg: N` header. */
function pgVersionOf(path: string): number | undefined {
  const match = /^-- pg: (\d+)$/m.exec(readFileSync(path, 'utf8'));
  return match ? Number(match[1]) : undefined;
}

async function dbarchFlags(path: string): Promise<boolean> {
  const config = defaultConfig();
  config.pgVersion = pgVersionOf(path) ?? config.pgVersion;
  // Under its own name, as in a repository: the fixtures' test/ folder would make it a test file (not reviewed).
  const result = await review(
    { files: [{ path: `migrations/${basename(path)}`, status: 'added', content: readFileSync(path, 'utf8') }] },
    config,
  );
  return result.findings.some((finding) => finding.severity !== 'notice');
}

function squawkFlags(path: string): boolean {
  let output: string;
  try {
    const version = pgVersionOf(path);
    const args = ['--reporter', 'json', ...(version ? [`--pg-version=${version}.0`] : []), path];
    output = execFileSync(squawkBinary(), args, { encoding: 'utf8' });
  } catch (error) {
    output = String((error as { stdout?: string }).stdout ?? '[]');
  }
  return (JSON.parse(output || '[]') as unknown[]).length > 0;
}

async function tally(flags: (path: string) => boolean | Promise<boolean>): Promise<Tally> {
  const files = (folder: string) =>
    readdirSync(join(ROOT, folder))
      .filter((name) => name.endsWith('.sql'))
      .map((name) => join(ROOT, folder, name));
  const safe = files('safe');
  const risky = files('risky');
  let safeFlagged = 0;
  let riskyCaught = 0;
  for (const path of safe) if (await flags(path)) safeFlagged += 1;
  for (const path of risky) if (await flags(path)) riskyCaught += 1;
  return { safeFlagged, safeTotal: safe.length, riskyCaught, riskyTotal: risky.length };
}

export async function benchQuietness(): Promise<void> {
  const dbarch = await tally(dbarchFlags);
  const squawk = await tally(squawkFlags);
  console.log('\n## Signal on fixture migrations (warnings/errors; notices are advice and not counted)');
  console.log('tool    | safe files flagged (false alarms) | risky files caught');
  for (const [name, result] of [
    ['dbarch', dbarch],
    ['squawk', squawk],
  ] as const) {
    console.log(
      `${name.padEnd(7)} | ${`${result.safeFlagged}/${result.safeTotal}`.padEnd(33)} | ${result.riskyCaught}/${result.riskyTotal}`,
    );
  }
}

if (process.argv[1]?.endsWith('quietness.ts')) await benchQuietness();
