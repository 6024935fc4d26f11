import { describe, expect, it } from '@jest/globals';
import { defaultConfig, parseConfig } from '../../src/config/load-config.js';
import { review } from '../../src/engine/review.js';
import type { ChangedFile, Changeset } from '../../src/engine/types.js';

const added = (path: string, content: string): ChangedFile => ({ path, status: 'added', content });
const run = (changeset: Changeset, config = defaultConfig()) => review(changeset, config);

describe('review()', () => {
  it('treats tables created by an earlier migration of the same change as new, whatever order the files arrive in', async () => {
    const result = await run({
      files: [
        added('db/migrations/002_index.sql', 'CREATE INDEX orders_customer_idx ON orders (customer_id);'),
        added('db/migrations/001_orders.sql', 'CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint);'),
      ],
    });
    expect(result.files.map((file) => file.path)).toEqual(['db/migrations/001_orders.sql', 'db/migrations/002_index.sql']);
    expect(result.findings.filter((finding) => finding.ruleId === 'create-index-non-concurrently')).toEqual([]);
  });

  it('treats tables from base-side migrations as existing', async () => {
    const result = await run({
      files: [added('db/migrations/002_index.sql', 'CREATE INDEX orders_customer_idx ON orders (customer_id);')],
      baseFiles: [{ path: 'db/migrations/001_orders.sql', content: 'CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint);' }],
    });
    const finding = result.findings.find((item) => item.ruleId === 'create-index-non-concurrently');
    expect(finding).toMatchObject({ path: 'db/migrations/002_index.sql', line: 1, risk: 'downtime', severity: 'error', source: 'rule' });
    expect(result.risk).toBe('downtime');
    expect(result.files[0]!.risk).toBe('downtime');
    expect(result.files[0]!.statements[0]).toMatchObject({ line: 1, risk: 'downtime', locks: [{ relation: 'orders', mode: 'SHARE' }] });
    expect(result.rolloutPlan.join('\n')).toContain('create-index-non-concurrently');
  });

  it('reports a syntax error at its line and keeps reviewing the statements after it', async () => {
    const sql = ['CREATE TABLE t (id bigint PRIMARY KEY);', "INSERT INTO t VALUES ('héllo wörld') oops;", 'CREATE INDEX t_idx ON users (id);'].join('\n');
    const result = await run({ files: [added('migrations/001.sql', sql)] });
    const syntax = result.findings.find((finding) => finding.ruleId === 'syntax-error');
    expect(syntax).toMatchObject({ line: 2, column: 38, endColumn: 42, severity: 'error' });
    expect(syntax!.message).toContain('syntax error at or near "oops"');
    expect(result.findings.some((finding) => finding.ruleId === 'create-index-non-concurrently' && finding.line === 3)).toBe(true);
  });

  it('applies config: a rule turned off reports nothing, a severity override replaces the rule’s own', async () => {
    const files = [added('migrations/001.sql', 'CREATE INDEX a_idx ON a (x);')];
    const off = await run({ files }, parseConfig('rules:\n  create-index-non-concurrently: off\n'));
    expect(off.findings.map((finding) => finding.ruleId)).not.toContain('create-index-non-concurrently');
    const notice = await run({ files }, parseConfig('rules:\n  create-index-non-concurrently: { severity: notice, risk: safe }\n'));
    expect(notice.findings.find((finding) => finding.ruleId === 'create-index-non-concurrently')).toMatchObject({ severity: 'notice', risk: 'safe' });
    expect(notice.risk).toBe('safe');
  });

  it('skips down migrations, removed files and files of kinds it does not analyse, saying why', async () => {
    const result = await run({
      files: [
        added('migrations/000002_x.down.sql', 'DROP TABLE orders;'),
        { path: 'migrations/000001_x.up.sql', status: 'removed' },
        added('README.md', '# hello'),
      ],
    });
    expect(result.files.map((file) => [file.path, file.skipped])).toEqual([
      ['migrations/000001_x.up.sql', 'removed in this change'],
      ['migrations/000002_x.down.sql', 'down/revert migration: runs only on rollback'],
    ]);
    expect(result.risk).toBe('safe');
  });

  it('reviews only the up part of a dbmate migration', async () => {
    const sql = '-- migrate:up\nCREATE TABLE t (id bigint PRIMARY KEY);\n\n-- migrate:down\nDROP TABLE orders;\n';
    const result = await run({ files: [added('db/migrations/20240101_t.sql', sql)] });
    expect(result.files[0]).toMatchObject({ tool: 'dbmate', statements: [{ line: 2 }] });
  });

  it('validates a changed .github/dbarch.yml and points at the offending key', async () => {
    const result = await run({ files: [added('.github/dbarch.yml', 'pgVersion: 16\nrules:\n  x: loud\n')] });
    expect(result.findings).toEqual([
      expect.objectContaining({ ruleId: 'invalid-config', line: 3, severity: 'error', path: '.github/dbarch.yml' }),
    ]);
  });

  it('counts findings and statements in stats', async () => {
    const result = await review(
      { files: [added('migrations/001.sql', 'CREATE INDEX a_idx ON a (x);\nSELECT 1;')] },
      defaultConfig(),
      { now: (() => { let tick = 0; return () => (tick += 5); })() },
    );
    expect(result.stats).toMatchObject({ files: 1, filesReviewed: 1, statements: 2, durationMs: 5 });
    expect(result.stats.bySeverity.error).toBeGreaterThanOrEqual(1);
  });
});
