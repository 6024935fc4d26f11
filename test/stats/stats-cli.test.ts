import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfig } from '../../src/config/load-config.js';
import { statsFromBaseBranch } from '../../src/stats/base-branch-stats.js';
import { runCli } from '../cli/run-cli.js';

/** The stats parts of the command line that need no database: what is missing or broken is exit 2 with the reason. */
describe('dbarch stats / review --stats errors', () => {
  let folder: string;
  const saved = { stats: process.env.DBARCH_STATS_DATABASE_URL, database: process.env.DATABASE_URL };

  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'dbarch-h7-stats-cli-'));
    delete process.env.DBARCH_STATS_DATABASE_URL;
  });
  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
    for (const [name, value] of [
      ['DBARCH_STATS_DATABASE_URL', saved.stats],
      ['DATABASE_URL', saved.database],
    ] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  it('stats export without a URL says where one comes from, and that DATABASE_URL is not read', async () => {
    process.env.DATABASE_URL = 'postgres://app@db.internal/app';
    const result = await runCli(['stats', 'export'], { cwd: folder });
    expect(result).toMatchObject({ exitCode: 2, stdout: '' });
    expect(result.stderr).toBe(
      'dbarch: stats export needs --database-url URL or DBARCH_STATS_DATABASE_URL (DATABASE_URL is set but never read: pass it with --database-url if it is the database to read).\n',
    );
  });

  it('review --stats with a missing or invalid file fails instead of reviewing without stats', async () => {
    await writeFile(join(folder, 'm.sql'), 'CREATE INDEX orders_idx ON orders (id);\n');
    const missing = await runCli(['review', 'm.sql', '--stats', 'nope.json', '--no-llm', '--no-dry-run'], { cwd: folder });
    expect(missing).toMatchObject({ exitCode: 2, stdout: '', stderr: 'dbarch: cannot read the stats file nope.json: ENOENT\n' });
    await writeFile(join(folder, 'bad.json'), JSON.stringify({ schema: 'dbarch.stats/v1' }));
    const invalid = await runCli(['review', 'm.sql', '--stats', 'bad.json', '--no-llm', '--no-dry-run'], { cwd: folder });
    expect(invalid.exitCode).toBe(2);
    expect(invalid.stderr).toMatch(/^dbarch: bad\.json is not a dbarch\.stats\/v1 document: snapshotAt: /);
  });

  it('review reads config stats.path relative to the repository', async () => {
    await writeFile(join(folder, 'm.sql'), 'CREATE INDEX orders_idx ON orders (id);\n');
    await writeFile(join(folder, 'dbarch.yml'), 'stats:\n  path: missing-stats.json\n');
    const result = await runCli(['review', 'm.sql', '--config', 'dbarch.yml', '--no-llm', '--no-dry-run'], { cwd: folder });
    expect(result).toMatchObject({ exitCode: 2, stderr: 'dbarch: cannot read the stats file missing-stats.json: ENOENT\n' });
  });
});

describe('statsFromBaseBranch (for the GitHub App)', () => {
  const settings = (path?: string) => ({ ...defaultConfig().stats, ...(path ? { path } : {}) });

  it('reads stats.path with the given reader, and notes a missing or invalid file instead of failing', async () => {
    expect(await statsFromBaseBranch(settings(), async () => 'unused')).toEqual({});
    expect(await statsFromBaseBranch(settings('.github/stats.json'), async () => undefined)).toEqual({
      note: 'stats.path .github/stats.json is not on the base branch: reviewed without production statistics (every existing table judged big and busy)',
    });
    const invalid = await statsFromBaseBranch(settings('.github/stats.json'), async () => '{"schema": "dbarch.stats/v1"}');
    expect(invalid.tableStats).toBeUndefined();
    expect(invalid.note).toMatch(/^\.github\/stats\.json is not a dbarch\.stats\/v1 document: .*: reviewed without production statistics/);
    const snapshot = {
      schema: 'dbarch.stats/v1',
      snapshotAt: '2026-11-30T12:00:00.000Z',
      statsResetAt: null,
      server: { version: '16.4', versionNumber: 160004, standby: false, settings: {} },
      tables: [],
    };
    const read: string[] = [];
    const valid = await statsFromBaseBranch(settings('.github/stats.json'), async (path) => {
      read.push(path);
      return JSON.stringify(snapshot);
    });
    expect(read).toEqual(['.github/stats.json']);
    expect(valid).toEqual({ tableStats: snapshot });
  });
});
