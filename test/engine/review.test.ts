import { describe, expect, it } from '@jest/globals';
import { defaultConfig, parseConfig } from '../../src/config/load-config.js';
import { review } from '../../src/engine/review.js';
import type { DryRunInput, DryRunner } from '../../src/dry-run/types.js';
import type { ChangedFile, Changeset } from '../../src/review-types/index.js';

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

  it('reviews only the up section of a goose migration, in the transaction goose opens', async () => {
    const goose = [
      '-- +goose Up',
      'ALTER TABLE orders ADD COLUMN note text;',
      'CREATE INDEX CONCURRENTLY orders_note_idx ON orders (note);',
      '-- +goose Down',
      'ALTER TABLE orders DROP COLUMN note;',
    ].join('\n');
    const result = await run({
      files: [added('sql/migrations/20240102_note.sql', goose)],
      baseFiles: [{ path: 'sql/migrations/20240101_orders.sql', content: '-- +goose Up\nCREATE TABLE orders (id bigint PRIMARY KEY);' }],
    });
    expect(result.files[0]!.tool).toBe('goose');
    const ids = result.findings.map((finding) => finding.ruleId);
    expect(ids).not.toContain('drop-column');
    // goose wraps the file in a transaction, where CONCURRENTLY fails: the advice names goose's opt-out.
    const concurrently = result.findings.find((finding) => finding.ruleId === 'concurrently-in-transaction');
    expect(concurrently?.message ?? '').toMatch(/goose/);
    expect(result.risk).not.toBe('destructive');
  });

  it("keeps each file's findings in line/column order (rules, syntax errors and suppression problems are found separately)", async () => {
    const sql = [
      '-- dbarch-ignore truncate: nothing here truncates',
      'ALTER TABLE orders ADD COLUMN note text;',
      'SELEC 1;',
      'CREATE INDEX orders_note_idx ON orders (note);',
    ].join('\n');
    const result = await run({ files: [added('db/migrations/003_note.sql', sql)] });
    const findings = result.files[0]!.findings;
    expect(findings.map((finding) => finding.ruleId)).toEqual(
      expect.arrayContaining(['unused-suppression', 'lock-timeout-missing', 'syntax-error', 'create-index-non-concurrently']),
    );
    const positions = findings.map((finding) => [finding.line, finding.column ?? 0] as const);
    const sorted = [...positions].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    expect(positions).toEqual(sorted);
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
    const sql = [
      'CREATE TABLE t (id bigint PRIMARY KEY);',
      "INSERT INTO t VALUES ('héllo wörld') oops;",
      'CREATE INDEX t_idx ON users (id);',
    ].join('\n');
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
    expect(notice.findings.find((finding) => finding.ruleId === 'create-index-non-concurrently')).toMatchObject({
      severity: 'notice',
      risk: 'safe',
    });
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
      ['migrations/000002_x.down.sql', 'rollback script (*.down.sql): runs only on rollback'],
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
    const result = await review({ files: [added('migrations/001.sql', 'CREATE INDEX a_idx ON a (x);\nSELECT 1;')] }, defaultConfig(), {
      now: (() => {
        let tick = 0;
        return () => (tick += 5);
      })(),
    });
    expect(result.stats).toMatchObject({ files: 1, filesReviewed: 1, statements: 2, durationMs: 5 });
    expect(result.stats.bySeverity.error).toBeGreaterThanOrEqual(1);
  });
});

describe('review() across migrations of one change', () => {
  it('accepts SET NOT NULL when an earlier migration validated a CHECK (col IS NOT NULL)', async () => {
    const result = await run({
      files: [
        added(
          'db/migrations/002_check.sql',
          "SET lock_timeout = '5s';\nALTER TABLE orders ADD CONSTRAINT orders_account_nn CHECK (account_id IS NOT NULL) NOT VALID;",
        ),
        added('db/migrations/003_validate.sql', 'ALTER TABLE orders VALIDATE CONSTRAINT orders_account_nn;'),
        added('db/migrations/004_not_null.sql', "SET lock_timeout = '5s';\nALTER TABLE orders ALTER COLUMN account_id SET NOT NULL;"),
      ],
      baseFiles: [{ path: 'db/migrations/001_orders.sql', content: 'CREATE TABLE orders (id bigint PRIMARY KEY, account_id bigint);' }],
    });
    expect(result.findings.filter((finding) => finding.severity !== 'notice')).toEqual([]);
    expect(result.risk).toBe('safe');
  });

  it('does not ask for an index on a foreign key that a later migration of the change indexes', async () => {
    const files = [
      added(
        'db/migrations/002_fk.sql',
        "SET lock_timeout = '5s';\nALTER TABLE orders ADD COLUMN coupon_id bigint REFERENCES coupons (id) ON DELETE SET NULL;",
      ),
      added('db/migrations/003_index.sql', 'CREATE INDEX CONCURRENTLY orders_coupon_id_idx ON orders (coupon_id);'),
    ];
    const indexed = await run({ files });
    expect(indexed.findings.map((finding) => finding.ruleId)).not.toContain('foreign-key-without-index');
    const missing = await run({ files: files.slice(0, 1) });
    expect(missing.findings.map((finding) => finding.ruleId)).toContain('foreign-key-without-index');
  });
});

describe('review() of a tool that keeps its order in a file (plan, LOADORDER)', () => {
  it('reviews changed files in the LOADORDER’s order, not by name', async () => {
    const result = await run({
      files: [
        added('sql/changes/1.6/add-note-index.sql', 'CREATE INDEX chart_note_idx ON chart (note);'),
        added('sql/changes/1.6/note-column.sql', 'ALTER TABLE chart ADD COLUMN note text;'),
      ],
      baseFiles: [
        { path: 'sql/changes/LOADORDER', content: '1.6/tables.sql\n!1.6/note-column.sql\n1.6/add-note-index.sql\n' },
        { path: 'sql/changes/1.6/tables.sql', content: 'CREATE TABLE chart (id int PRIMARY KEY);' },
      ],
    });
    expect(result.files.map((file) => file.path)).toEqual(['sql/changes/1.6/note-column.sql', 'sql/changes/1.6/add-note-index.sql']);
  });

  it('gives the dry run the base in the plan’s order; a plan the change edits wins over the base’s', async () => {
    const plan = (...changes: string[]) => changes.map((change) => `schemas/app/${change} 2025-01-01T00:00:00Z A <a@b>`).join('\n');
    const inputs: DryRunInput[] = [];
    const recorder: DryRunner = {
      run: async (input) => {
        inputs.push(input);
        const base = { files: 0, statements: 0, skipped: [], built: false, cached: false, durationMs: 0 };
        return { engine: 'recorder', base, files: [], notes: [], durationMs: 0 };
      },
    };
    const basePlan = plan('schema', 'tables/jobs/table', 'procedures/add_job');
    const result = await review(
      {
        files: [
          { path: 'pkg/pgpm.plan', status: 'modified', content: `${basePlan}\n${plan('procedures/zap_jobs', 'procedures/add_batch')}` },
          added(
            'pkg/deploy/schemas/app/procedures/add_batch.sql',
            'CREATE FUNCTION app.add_batch() RETURNS int LANGUAGE sql AS $$ SELECT app.zap_jobs() $$;',
          ),
          added(
            'pkg/deploy/schemas/app/procedures/zap_jobs.sql',
            'CREATE FUNCTION app.zap_jobs() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;',
          ),
        ],
        baseFiles: [
          { path: 'pkg/pgpm.plan', content: basePlan },
          {
            path: 'pkg/deploy/schemas/app/procedures/add_job.sql',
            content: 'CREATE FUNCTION app.add_job() RETURNS int LANGUAGE sql AS $$ SELECT count(*)::int FROM app.jobs $$;',
          },
          { path: 'pkg/deploy/schemas/app/tables/jobs/table.sql', content: 'CREATE TABLE app.jobs (id int);' },
          { path: 'pkg/deploy/schemas/app/schema.sql', content: 'CREATE SCHEMA app;' },
          { path: 'pkg/revert/schemas/app/schema.sql', content: 'DROP SCHEMA app;' },
          { path: 'pkg/verify/schemas/app/schema.sql', content: "SELECT verify_schema('app');" },
        ],
      },
      defaultConfig(),
      { dryRun: recorder },
    );
    // The table before the procedure that reads it, though the "procedures" folder sorts before "tables";
    // revert and verify scripts are not replayed.
    expect(inputs[0]!.base.map((file) => file.path)).toEqual([
      'pkg/deploy/schemas/app/schema.sql',
      'pkg/deploy/schemas/app/tables/jobs/table.sql',
      'pkg/deploy/schemas/app/procedures/add_job.sql',
    ]);
    // Only the edited plan knows the new changes: zap_jobs before add_batch, which calls it.
    const reviewed = ['pkg/deploy/schemas/app/procedures/zap_jobs.sql', 'pkg/deploy/schemas/app/procedures/add_batch.sql'];
    expect(result.files.map((file) => file.path)).toEqual(reviewed);
    expect(inputs[0]!.changes.map((file) => file.path)).toEqual(reviewed);
  });
});

describe('review() of files named on a command line', () => {
  it('does not judge "model changed without a migration" when there is no change to compare against', async () => {
    const model =
      'from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column\n\nclass Base(DeclarativeBase):\n    pass\n\nclass Tag(Base):\n    __tablename__ = "tags"\n    id: Mapped[int] = mapped_column(primary_key=True)\n';
    const asPaths = await run({ files: [added('app/models.py', model)], mode: 'paths' });
    expect(asPaths.findings.map((finding) => finding.ruleId)).not.toContain('model-change-without-migration');
    const asChange = await run({ files: [added('app/models.py', model)] });
    expect(asChange.findings.map((finding) => finding.ruleId)).toContain('model-change-without-migration');
  });
});

describe('review() and the dry run’s early start', () => {
  const recorder = () => {
    const prepared: string[][] = [];
    const ran: DryRunInput[] = [];
    const runner: DryRunner = {
      prepare: async (base) => {
        prepared.push(base.map((file) => file.path));
      },
      run: async (input) => {
        ran.push(input);
        const base = { files: 0, statements: 0, skipped: [], built: false, cached: false, durationMs: 0 };
        return { engine: 'recorder', base, files: [], notes: [], durationMs: 0 };
      },
    };
    return { prepared, ran, runner };
  };
  const baseFiles = [{ path: 'db/migrations/001_users.sql', content: 'CREATE TABLE users (id bigint PRIMARY KEY);\n' }];

  it('prepares the runner on the very base it then runs, once', async () => {
    const { prepared, ran, runner } = recorder();
    await review(
      { files: [added('db/migrations/002_email.sql', 'ALTER TABLE users ADD COLUMN email text;\n')], baseFiles },
      defaultConfig(),
      { dryRun: runner },
    );
    expect(prepared).toEqual([['db/migrations/001_users.sql']]);
    expect(ran.map((input) => input.base.map((file) => file.path))).toEqual(prepared);
  });

  it('starts nothing for a change without SQL migrations', async () => {
    const { prepared, ran, runner } = recorder();
    const model = 'from sqlalchemy import Column, BigInteger\nfrom sqlalchemy.orm import declarative_base\nBase = declarative_base()\n';
    await review({ files: [added('app/models.py', model)], baseFiles }, defaultConfig(), { dryRun: runner });
    expect(prepared).toEqual([]);
    expect(ran).toEqual([]);
  });
});
