import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BaseCache } from '../../src/dry-run/replay/base-cache.js';
import { BLANK_KEY, startBlank, writeBundledBlank } from '../../src/dry-run/sandbox/blank-cluster.js';
import { PgliteSandbox } from '../../src/dry-run/sandbox/sandbox.js';

/** The blank cluster the build makes ahead of time, and a first dry run starting from it. */

const LIMITS = { startMs: 120_000, memoryLimitMb: 4096 };
const folders: string[] = [];
const folder = () => {
  const path = mkdtempSync(join(tmpdir(), 'dbarch-blank-'));
  folders.push(path);
  return pathToFileURL(`${path}/`);
};
afterAll(() => folders.forEach((path) => rmSync(path, { recursive: true, force: true })));

/** Whether `table` exists in the sandbox: replaying a SELECT from it is skipped when it does not. */
async function hasTable(sandbox: PgliteSandbox, table: string): Promise<boolean> {
  const file = { path: 'probe.sql', statements: [{ text: `SELECT 1 FROM ${table}`, line: 1, kind: 'SelectStmt' }] };
  const notes = await sandbox.request({ op: 'replay', file }, { timeoutMs: 30_000 });
  return notes.length === 0;
}

describe('the blank cluster', () => {
  it('is written with the key it was made for, and a first run starts from it instead of initdb', async () => {
    const built = folder();
    const bytes = await writeBundledBlank(LIMITS, built);
    expect(bytes).toBeGreaterThan(1_000_000);
    expect(readFileSync(new URL('blank-cluster.key', built), 'utf8')).toBe(`${BLANK_KEY}\n`);

    // A blank that holds a marker table shows which one a start used.
    const fromBuilt = await PgliteSandbox.start({ dataDir: new Uint8Array(readFileSync(new URL('blank-cluster.tgz', built))) }, LIMITS);
    await fromBuilt.request(
      { op: 'replay', file: { path: 'mark.sql', statements: [{ text: 'CREATE TABLE bundled_marker (id int)', line: 1 }] } },
      { timeoutMs: 30_000 },
    );
    const marked = await fromBuilt.request({ op: 'dump' }, { timeoutMs: 30_000 });
    await fromBuilt.close();
    const bundled = folder();
    writeFileSync(new URL('blank-cluster.tgz', bundled), marked);
    writeFileSync(new URL('blank-cluster.key', bundled), `${BLANK_KEY}\n`);

    const started = await startBlank(new BaseCache(), LIMITS, bundled);
    try {
      expect(await hasTable(started, 'bundled_marker')).toBe(true);
    } finally {
      await started.close();
    }
  }, 180_000);

  it('is not used when it was made for another PGlite (or another blank format)', async () => {
    const other = folder();
    writeFileSync(new URL('blank-cluster.tgz', other), 'not a tarball');
    writeFileSync(new URL('blank-cluster.key', other), 'blank-1-0.0.0\n');
    const started = await startBlank(new BaseCache(), LIMITS, other);
    try {
      expect(await hasTable(started, 'pg_class')).toBe(true);
    } finally {
      await started.close();
    }
  }, 180_000);
});
