import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from '@jest/globals';
import { createEmbeddedDryRunner, discardSpareSandbox } from '../../src/dry-run/embedded-dry-run.js';
import { generatedHistory } from '../../bench/dry-run-history.js';

/** A long base history replayed in the tool's order, then cached by content. */
describe('base replay', () => {
  const history = generatedHistory(320);
  const change = {
    path: 'db/999_change.sql',
    statements: [
      { index: 0, text: 'ALTER TABLE table_1 ADD COLUMN extra text', line: 1, endLine: 1, inTransaction: true, relations: ['table_1'] },
    ],
  };
  afterAll(() => discardSpareSandbox());

  it('replays 300+ generated migrations, and reuses the built base on the next run', async () => {
    const runner = createEmbeddedDryRunner();
    const cold = await runner.run({ base: history, changes: [change] });
    expect(cold.base).toMatchObject({ built: true, cached: false, files: 320, skipped: [] });
    expect(cold.files[0]!.statements[0]).toMatchObject({ status: 'ok', locks: [{ relation: 'table_1', mode: 'ACCESS EXCLUSIVE' }] });
    const warm = await runner.run({ base: history, changes: [change] });
    expect(warm.base).toMatchObject({ built: true, cached: true, files: 320 });
    expect(warm.files[0]!.statements[0]!.status).toBe('ok');
  });

  it('starts the next sandbox ahead on the base (prestart), each one at the base state', async () => {
    const runner = createEmbeddedDryRunner({ prestart: true });
    // A sandbox left with the first run's column would fail the next ADD COLUMN ("already exists").
    for (let run = 0; run < 3; run += 1) {
      const result = await runner.run({ base: history, changes: [change] });
      expect(result.base).toMatchObject({ built: true, files: 320 });
      expect(result.files[0]!.statements[0]).toMatchObject({ status: 'ok', locks: [{ relation: 'table_1', mode: 'ACCESS EXCLUSIVE' }] });
    }
  });

  it('lets the process exit with a spare sandbox left waiting', () => {
    const script = new URL('./fixtures/spare-left-waiting.ts', import.meta.url).pathname;
    const child = spawnSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8', timeout: 90_000 });
    expect({ signal: child.signal, status: child.status, stdout: child.stdout }).toEqual({
      signal: null,
      status: 0,
      stdout: 'run 1: base built\nrun 2: base cached\n',
    });
  }, 120_000);
});
