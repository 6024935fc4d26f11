import { describe, expect, it } from '@jest/globals';
import { createEmbeddedDryRunner } from '../../src/dry-run/embedded-dry-run.js';
import { generatedHistory } from '../../bench/dry-run-history.js';

/** A long base history replayed in the tool's order, then cached by content. */
describe('base replay', () => {
  it('replays 300+ generated migrations, and reuses the built base on the next run', async () => {
    const history = generatedHistory(320);
    const runner = createEmbeddedDryRunner();
    const change = {
      path: 'db/999_change.sql',
      statements: [
        { index: 0, text: 'ALTER TABLE table_1 ADD COLUMN extra text', line: 1, endLine: 1, inTransaction: true, relations: ['table_1'] },
      ],
    };
    const cold = await runner.run({ base: history, changes: [change] });
    expect(cold.base).toMatchObject({ built: true, cached: false, files: 320, skipped: [] });
    expect(cold.files[0]!.statements[0]).toMatchObject({ status: 'ok', locks: [{ relation: 'table_1', mode: 'ACCESS EXCLUSIVE' }] });
    const warm = await runner.run({ base: history, changes: [change] });
    expect(warm.base).toMatchObject({ built: true, cached: true, files: 320 });
    expect(warm.files[0]!.statements[0]!.status).toBe('ok');
  });
});
