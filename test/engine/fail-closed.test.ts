import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { defaultConfig, parseConfig } from '../../src/config/load-config.js';
import { review } from '../../src/engine/review.js';
import type { ChangedFile } from '../../src/review-types/index.js';
import { isFailing } from '../../src/policy/fail-on.js';
import dropTable from '../../src/rules/drop-table.js';

/** Fail closed (DESIGN.md): nothing in a migration path passes as safe because dbarch could not review it. */

const added = (path: string, content: string): ChangedFile => ({ path, status: 'added', content });

afterEach(() => {
  jest.restoreAllMocks();
});

describe('review() fails closed', () => {
  it('turns an exception while reviewing one file into an internal-error finding, and reviews the others', async () => {
    // A rule defect that only the first file's statement hits.
    jest.spyOn(dropTable, 'checkStatement').mockImplementation((context) => {
      if (context.statement.kind === 'DropStmt') throw new RangeError('Maximum call stack size exceeded');
    });
    const result = await review(
      {
        files: [
          added('db/migrations/001_drop.sql', 'DROP TABLE users;'),
          added('db/migrations/002_index.sql', 'CREATE INDEX i ON orders (id);'),
        ],
      },
      defaultConfig(),
    );
    const [crashed, other] = result.files;
    expect(crashed!.findings).toEqual([
      expect.objectContaining({
        ruleId: 'internal-error',
        severity: 'error',
        line: 1,
        message: expect.stringContaining('(RangeError: Maximum call stack size exceeded)'),
        docsUrl: expect.stringContaining('docs/rules/internal-error.md'),
      }),
    ]);
    expect(other!.findings.map((finding) => finding.ruleId)).toContain('create-index-non-concurrently');
    expect(isFailing(result, 'destructive')).toBe(true);
  });

  it('gives a file whose contents did not arrive a not-reviewed finding with the reason and line', async () => {
    const result = await review(
      {
        files: [
          { path: 'db/migrations/001.sql', status: 'added', skipReason: 'not valid UTF-8 (first invalid byte on line 3)', skipLine: 3 },
        ],
      },
      defaultConfig(),
    );
    expect(result.findings).toEqual([
      expect.objectContaining({
        ruleId: 'not-reviewed',
        line: 3,
        message: expect.stringContaining('not valid UTF-8 (first invalid byte on line 3)'),
      }),
    ]);
    expect(result.files[0]!.skipped).toBeUndefined();
    for (const level of ['destructive', 'downtime', 'warning'] as const) expect(isFailing(result, level)).toBe(true);
    expect(isFailing(result, 'never')).toBe(false);
  });

  it('lets the config lower not-reviewed like any rule', async () => {
    const files: ChangedFile[] = [
      { path: 'db/migrations/001.sql', status: 'added', skipReason: 'file too large (300.0 MB; the limit is 100 MB)' },
    ];
    const lowered = await review({ files }, parseConfig('rules:\n  not-reviewed: warning\n'));
    expect(lowered.findings).toEqual([expect.objectContaining({ ruleId: 'not-reviewed', severity: 'warning' })]);
    expect(isFailing(lowered, 'downtime')).toBe(false);
  });

  it('still skips, without a finding, what is out of scope on purpose (a MySQL Prisma migration)', async () => {
    const result = await review(
      {
        files: [
          { path: 'prisma/migrations/1_init/migration.sql', status: 'added', outOfScope: true, skipReason: 'a Prisma migration for mysql' },
        ],
      },
      defaultConfig(),
    );
    expect(result.findings).toEqual([]);
    expect(result.files[0]!.skipped).toBe('a Prisma migration for mysql');
  });

  it('reports a PR-side config that cannot be loaded safely as invalid-config', async () => {
    const bomb = `a: &a [${Array(10).fill('x').join(', ')}]\n${Array.from({ length: 60 }, (_, index) => `k${index}: *a`).join('\n')}\n`;
    const result = await review({ files: [added('.github/dbarch.yml', bomb)] }, defaultConfig());
    expect(result.findings).toEqual([
      expect.objectContaining({ ruleId: 'invalid-config', severity: 'error', message: expect.stringContaining('aliases') }),
    ]);
  });
});
