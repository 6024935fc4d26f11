import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { FACT_KINDS, FACT_STATEMENT_START, SchemaFacts } from '../../src/analysis/schema-facts.js';
import { defaultConfig } from '../../src/config/load-config.js';
import { parallelWorkers, reviewInParallel } from '../../src/engine/parallel-review.js';
import { review } from '../../src/engine/review.js';
import { reviewSqlFile } from '../../src/engine/review-sql-file.js';
import type { ChangedFile, Changeset, Review } from '../../src/review-types/index.js';
import { loadSqlParser, parseSql } from '../../src/parse/sql/parse-sql.js';
import { ALL_RULES } from '../../src/rules/index.js';

/**
 * The parallel review (worker threads) must give exactly the one-thread review: same findings,
 * same statement reports, same facts seen by every file in review order.
 */

const added = (path: string, content: string): ChangedFile => ({ path, status: 'added', content });
const run = (changeset: Changeset, workers: number): Promise<Review> => review(changeset, defaultConfig(), { workers, now: () => 0 });

beforeAll(() => loadSqlParser());

describe('parallel review', () => {
  it('gives the one-thread review, with facts flowing across files in order', async () => {
    const alembic =
      'from alembic import op\n\nrevision = "b2"\ndown_revision = "a1"\n\n\ndef upgrade():\n' +
      '    op.create_index("ix_orders_note", "orders", ["note"])\n    op.create_index("ix_users_email", "users", ["email"])\n';
    const changeset: Changeset = {
      files: [
        added(
          'db/migrations/003_index_orders.sql',
          'CREATE INDEX orders_customer_idx ON orders (customer_id);\nALTER TABLE orders ADD COLUMN note text;',
        ),
        added('db/migrations/001_orders.sql', 'CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint);'),
        added(
          'db/migrations/002_users.sql',
          'ALTER TABLE users ADD COLUMN email text NOT NULL;\nCREATE INDEX users_email_idx ON users (email);',
        ),
        added('db/migrations/004_drop.sql', 'DROP TABLE orders;\nCREATE TABLE orders (id int);\nUPDATE users SET email = lower(email);'),
        added('db/migrations/005_broken.sql', 'CREATE TABL oops (id int);\nCREATE INDEX again ON orders (id);'),
        added('db/migrations/006_down.down.sql', 'DROP TABLE users;'),
        added('alembic/versions/b2_indexes.py', alembic),
        added('.github/dbarch.yml', 'failOn: destructive\n'),
      ],
      baseFiles: [{ path: 'db/migrations/000_users.sql', content: 'CREATE TABLE users (id bigint PRIMARY KEY);' }],
    };
    const sequential = await run(changeset, 0);
    const parallel = await run(changeset, 2);
    expect(parallel).toEqual(sequential);
    // The facts did flow: the table of 001 is new for 003, the base table of 000 is not for 002.
    const ruleAt = (path: string) => sequential.findings.filter((finding) => finding.path === path).map((finding) => finding.ruleId);
    expect(ruleAt('db/migrations/003_index_orders.sql')).not.toContain('create-index-non-concurrently');
    expect(ruleAt('db/migrations/002_users.sql')).toContain('create-index-non-concurrently');
    expect(ruleAt('alembic/versions/b2_indexes.py')).toContain('create-index-non-concurrently');
  }, 120_000);

  it('reviews on worker threads (not a silent fallback) what reviewSqlFile reviews in order', async () => {
    const sources = [
      'CREATE TABLE a (id int PRIMARY KEY);',
      'CREATE INDEX a_id ON a (id);\nCREATE INDEX b_id ON b (id);',
      'ALTER TABLE a RENAME TO c;',
      'CREATE INDEX c_id ON c (id);\nALTER TABLE c ADD COLUMN x int NOT NULL;',
    ];
    const files = sources.map((content, index) => ({
      path: `m/${index}.sql`,
      content,
      kind: 'sql-migration' as const,
      tool: 'plain' as const,
    }));
    const context = (facts: SchemaFacts) => ({ config: defaultConfig(), rules: ALL_RULES, facts });
    const factsInOrder = new SchemaFacts('change');
    const expected = files.map((file) => {
      const { suppressed, ...fileReview } = reviewSqlFile(file, context(factsInOrder));
      return { review: fileReview, suppressed };
    });
    const outcomes = await reviewInParallel({
      files,
      sqlInput: (file) => file,
      reviewInProcess: () => {
        throw new Error('every file goes to a worker');
      },
      facts: new SchemaFacts('change'),
      config: defaultConfig(),
      rules: ALL_RULES,
      workers: 2,
    });
    expect(outcomes).toEqual(expected);
    expect(outcomes[3]!.review.findings.map((finding) => finding.ruleId)).not.toContain('create-index-non-concurrently');
  }, 60_000);

  it('rejects, stopping its workers, when a file fails; review() then reviews on one thread', async () => {
    const files = [{ path: 'a.sql' }, { path: 'b.txt' }, { path: 'c.sql' }];
    const attempt = reviewInParallel({
      files,
      sqlInput: (file) =>
        file.path.endsWith('.sql') ? { path: file.path, content: 'SELECT 1;', kind: 'sql-migration', tool: 'plain' } : undefined,
      reviewInProcess: () => {
        throw new Error('boom');
      },
      facts: new SchemaFacts('change'),
      config: defaultConfig(),
      rules: ALL_RULES,
      workers: 1,
    });
    await expect(attempt).rejects.toThrow('boom');
  }, 60_000);

  const corpus = join(process.cwd(), '.corpora/pg-sql.txt');
  (existsSync(corpus) ? it : it.skip)(
    'gives the one-thread review on a real migration history (gnumed v14 → v15, when the corpora are fetched)',
    async () => {
      const paths = readFileSync(corpus, 'utf8')
        .split('\n')
        .filter((path) => path.includes('/sql/v14-v15/') && !path.includes('thesaurus'));
      const changeset: Changeset = { files: paths.map((path) => added(path, readFileSync(join(process.cwd(), '.corpora', path), 'utf8'))) };
      expect(await run(changeset, 2)).toEqual(await run(changeset, 0));
    },
    170_000,
  );
});

describe('parallelWorkers', () => {
  it('uses the requested count (at most one per SQL file), none for one file, and only big changes in auto mode', () => {
    expect(parallelWorkers(3, 10, 0)).toBe(3);
    expect(parallelWorkers(3, 2, 0)).toBe(2);
    expect(parallelWorkers(4, 1, 1e9)).toBe(0);
    expect(parallelWorkers(0, 10, 1e9)).toBe(0);
    expect(parallelWorkers('auto', 10, 1000)).toBe(0);
  });

  it('defaults to DBARCH_WORKERS, else to one thread', () => {
    const saved = process.env.DBARCH_WORKERS;
    try {
      delete process.env.DBARCH_WORKERS;
      expect(parallelWorkers(undefined, 10, 1e9)).toBe(0);
      process.env.DBARCH_WORKERS = '2';
      expect(parallelWorkers(undefined, 10, 0)).toBe(2);
      expect(parallelWorkers(0, 10, 0)).toBe(0);
    } finally {
      if (saved === undefined) delete process.env.DBARCH_WORKERS;
      else process.env.DBARCH_WORKERS = saved;
    }
  });
});

describe('FACT_KINDS', () => {
  it('are statements that start with CREATE, ALTER or DROP (base schemas are read from those alone)', () => {
    const sql = [
      'CREATE TABLE t (id int PRIMARY KEY, a int)',
      'CREATE UNLOGGED TABLE u (id int)',
      'CREATE TABLE t2 AS SELECT * FROM t',
      'CREATE MATERIALIZED VIEW mv AS SELECT 1',
      'CREATE UNIQUE INDEX t_a ON t (a)',
      'ALTER TABLE t ADD COLUMN b int',
      'ALTER INDEX t_a RENAME TO t_a2',
      'ALTER TABLE t RENAME COLUMN b TO c',
      "CREATE TYPE mood AS ENUM ('ok')",
      'CREATE DOMAIN posint AS int CHECK (VALUE > 0)',
      'DROP TABLE t2',
      'INSERT INTO t VALUES (1, 2)',
      'UPDATE t SET a = 2',
    ].join(';\n');
    const statements = parseSql(sql).statements;
    for (const statement of statements.filter((item) => FACT_KINDS.has(item.kind))) expect(statement.text).toMatch(FACT_STATEMENT_START);
    expect(new Set(statements.map((statement) => statement.kind))).toEqual(new Set([...FACT_KINDS, 'InsertStmt', 'UpdateStmt']));
    const learn = (only?: RegExp) => {
      const facts = new SchemaFacts('base');
      for (const statement of parseSql(sql, { only }).statements) facts.apply(statement);
      return structuredClone(facts);
    };
    expect(learn(FACT_STATEMENT_START)).toEqual(learn());
  });

  it('lists every statement kind SchemaFacts.apply() learns from (the parallel review ships only those)', () => {
    const base = "CREATE TABLE t (id int PRIMARY KEY, a int);\nCREATE INDEX t_a ON t (a);\nCREATE TYPE mood AS ENUM ('ok');\n";
    const others = [
      'CREATE VIEW v AS SELECT * FROM t',
      'CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$',
      'CREATE SEQUENCE s',
      'CREATE SCHEMA s2',
      'CREATE EXTENSION pgcrypto',
      'CREATE TYPE pair AS (a int, b int)',
      "ALTER TYPE mood ADD VALUE 'meh'",
      'ALTER SEQUENCE s RESTART',
      "COMMENT ON TABLE t IS 'x'",
      'GRANT SELECT ON t TO public',
      'INSERT INTO t VALUES (1, 2)',
      'UPDATE t SET a = 1',
      'DELETE FROM t',
      'SELECT * INTO t2 FROM t',
      'CREATE TRIGGER tr AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION f()',
      'CREATE POLICY p ON t USING (true)',
      'TRUNCATE t',
      'VACUUM t',
      'SET lock_timeout = 1000',
      'BEGIN',
      'DO $$ BEGIN END $$',
    ];
    for (const sql of others) {
      const facts = new SchemaFacts('change');
      for (const statement of parseSql(base).statements) facts.apply(statement);
      const before = structuredClone(facts);
      const statement = parseSql(sql).statements[0]!;
      expect(FACT_KINDS.has(statement.kind)).toBe(false);
      facts.apply(statement);
      expect({ sql, facts: structuredClone(facts) }).toEqual({ sql, facts: before });
    }
  });
});
