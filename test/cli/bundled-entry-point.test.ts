import { describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { runCli } from './run-cli.js';

/**
 * bin/dbarch.js runs the bundle that `npm run build` makes (scripts/bundle-cli.mjs), not the
 * sources these tests import elsewhere: the bundle must review exactly like them, including the
 * paths that locate files next to their own module (prompts, the blank cluster, the PGlite worker,
 * rule docs). Run as a process, as a user runs it.
 */

const ROOT = join(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/dbarch.js');
const BUNDLE = join(ROOT, 'dist/cli-bundle/main.js');
const MIGRATION = 'examples/shop/migrations/000008_add_order_tracking.up.sql';
const run = promisify(execFile);

interface ReviewJson {
  risk: string;
  findings: { ruleId: string; line: number; severity: string; message: string; docsUrl?: string }[];
  files: { statements: ({ durationMs?: number; dryRun?: string } & Record<string, unknown>)[] }[];
  dryRun?: { engine?: string };
}

async function bundled(args: string[]): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run \`npm run build\` (npm ci runs it) before the tests`);
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 });
    return { exitCode: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout: string; stderr: string };
    if (typeof failed.code !== 'number') throw error;
    return { exitCode: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** The review without the timings, which differ from run to run. */
const comparable = (review: ReviewJson) => ({
  risk: review.risk,
  findings: review.findings.map(({ ruleId, line, severity, message, docsUrl }) => ({ ruleId, line, severity, message, docsUrl })),
  statements: review.files.flatMap((file) => file.statements.map(({ durationMs: _, ...statement }) => statement)),
});

describe('the bundled entry point (bin/dbarch.js)', () => {
  it('reviews a migration with the dry run exactly as the in-process CLI does', async () => {
    const args = ['review', '--no-llm', '--format', 'json', MIGRATION];
    const [process, inProcess] = await Promise.all([bundled(args), runCli(args, { cwd: ROOT })]);
    expect(process.stderr).toBe('');
    expect(process.exitCode).toBe(inProcess.exitCode);
    const fromBundle = JSON.parse(process.stdout) as ReviewJson;
    const fromSources = JSON.parse(inProcess.stdout) as ReviewJson;
    expect(fromBundle.findings.length).toBeGreaterThan(0);
    // The dry run ran in the bundle's process (its PGlite worker is found from the bundled sandbox module).
    expect(fromBundle.dryRun?.engine).toMatch(/^PGlite /);
    expect(fromBundle.files.flatMap((file) => file.statements).every((statement) => statement.dryRun === 'ok')).toBe(true);
    expect(comparable(fromBundle)).toEqual(comparable(fromSources));
  });

  it('prints its version and help without loading the engine', async () => {
    const version = await bundled(['--version']);
    expect(version.exitCode).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const help = await bundled(['review', '--help']);
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toContain('Exit codes');
  });
});
