import { describe, expect, it, jest } from '@jest/globals';
import { createApp } from '../../src/app.js';
import { defaultConfig } from '../../src/config/load-config.js';
import type { DryRunInput, DryRunResult, DryRunner } from '../../src/dry-run/types.js';
import { ReviewScheduler } from '../../src/github/scheduler.js';

/** The App's default review runs the dry run (the CLI's policy), one runner per review; tests turn it off. */

const changeset = {
  files: [{ path: 'db/migrations/002_add.sql', status: 'added' as const, content: 'ALTER TABLE orders ADD COLUMN note text;\n' }],
};

function fakeRunner(): DryRunner & { run: jest.Mock<(input: DryRunInput) => Promise<DryRunResult>> } {
  const run = jest.fn(async (input: DryRunInput): Promise<DryRunResult> => ({
    engine: 'fake PostgreSQL',
    base: { files: 0, statements: 0, skipped: [], built: true, cached: false, durationMs: 0 },
    files: input.changes.map((file) => ({ path: file.path, statements: [] })),
    notes: [],
    durationMs: 1,
  }));
  return { run };
}

describe('the GitHub App and the dry run', () => {
  it('runs the dry run in the default review, with a fresh runner for each review', async () => {
    const runners: ReturnType<typeof fakeRunner>[] = [];
    const app = createApp({
      scheduler: new ReviewScheduler({ concurrency: 1 }),
      explainModel: () => undefined,
      dryRun: () => runners[runners.push(fakeRunner()) - 1]!,
    });
    const first = await app.services.review(changeset, defaultConfig());
    await app.services.review(changeset, defaultConfig());
    expect(runners).toHaveLength(2);
    expect(runners.map((runner) => runner.run.mock.calls.length)).toEqual([1, 1]);
    expect(first.dryRun?.engine).toBe('fake PostgreSQL');
  });

  it('runs none with dryRun: false (as the test app does), and says nothing about it', async () => {
    const app = createApp({ scheduler: new ReviewScheduler({ concurrency: 1 }), explainModel: () => undefined, dryRun: false });
    const result = await app.services.review(changeset, defaultConfig());
    expect(result.dryRun).toBeUndefined();
    expect(result.stats.skipped['dry-run']).toBeUndefined();
  });
});
