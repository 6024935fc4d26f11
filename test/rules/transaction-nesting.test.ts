import { PGlite } from '@electric-sql/pglite';
import { describe, expect, it } from '@jest/globals';
import rule from '../../src/rules/transaction-nesting.js';
import { lintSql } from '../helpers/lint-sql.js';

const lint = (sql: string, options: Parameters<typeof lintSql>[1] = {}) => lintSql(sql, { ...options, rules: [rule] });

describe('transaction-nesting', () => {
  it('reports an unclosed BEGIN at its line', async () => {
    const findings = await lint('CREATE TABLE a (id int);\nSTART TRANSACTION;\nALTER TABLE users ADD COLUMN bio text;');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ line: 2, endLine: 2, risk: 'safe', severity: 'error' });
    expect(findings[0]!.message).toMatchInlineSnapshot(
      `"START TRANSACTION without a matching COMMIT: the transaction is still open when the file ends, and when the session closes PostgreSQL rolls it back, so none of its statements takes effect (while the tool may record the migration as done). Add COMMIT at the end."`,
    );
  });

  it('does not report an unclosed BEGIN in a file the tool commits', async () => {
    const findings = await lint('BEGIN;\nCREATE TABLE a (id int);', { tool: 'flyway' });
    expect(findings.map((finding) => finding.severity)).toEqual(['notice']);
  });

  it('reports nested BEGIN and stray ROLLBACK with their positions', async () => {
    const findings = await lint('BEGIN;\nBEGIN;\nCOMMIT;\nDELETE FROM t WHERE id = 1;\nROLLBACK;');
    expect(findings.map(({ line, column, endColumn, severity }) => ({ line, column, endColumn, severity }))).toEqual([
      { line: 2, column: 1, endColumn: 6, severity: 'error' },
      { line: 5, column: 1, endColumn: 9, severity: 'error' },
    ]);
    expect(findings[1]!.message).toContain('ROLLBACK with no open transaction');
  });

  it('only notes a second COMMIT or ROLLBACK right after the first', async () => {
    const findings = await lint('BEGIN;\nCREATE TABLE a (id int);\nCOMMIT;\nROLLBACK;');
    expect(findings).toMatchObject([{ line: 4, severity: 'notice', message: expect.stringContaining('ROLLBACK right after COMMIT') }]);
  });

  it('accepts savepoints inside a transaction and balanced blocks', async () => {
    expect(await lint('BEGIN;\nSAVEPOINT s;\nRELEASE SAVEPOINT s;\nCOMMIT;\nBEGIN;\nROLLBACK;')).toEqual([]);
  });

  it('notes a BEGIN/COMMIT pair in a file Flyway wraps with the warning PostgreSQL really gives there', async () => {
    const findings = await lint('BEGIN;\nCREATE TABLE tags (id bigint PRIMARY KEY);\nCOMMIT;', { tool: 'flyway' });
    expect(findings).toMatchObject([{ line: 1, severity: 'notice' }]);
    expect(findings[0]!.message).toMatchInlineSnapshot(
      `"BEGIN inside the transaction Flyway opens for this file: PostgreSQL ignores it with a warning ("there is already a transaction in progress"), and the file's COMMIT then commits the tool's transaction, leaving the tool's own COMMIT nothing to commit. It works, but it hides what actually makes the file atomic. Remove BEGIN/COMMIT from the file, or turn off the tool's transaction for it."`,
    );
  });

  it('warns when statements follow the COMMIT that ends the transaction Diesel opened', async () => {
    const sql = 'BEGIN;\nCREATE TABLE tags (id bigint PRIMARY KEY);\nCOMMIT;\nCREATE INDEX tags_id_idx ON tags (id);';
    const findings = await lint(sql, { tool: 'diesel', path: 'migrations/2024-05-01-000000_tags/up.sql' });
    expect(findings).toMatchObject([
      { line: 1, severity: 'warning', message: expect.stringContaining('the COMMIT at line 3 ends the tool') },
    ]);
  });

  it('says nothing of BEGIN/COMMIT in a file sent as one query string or pipeline (Prisma, Supabase, golang-migrate)', async () => {
    const sql = 'BEGIN;\nCREATE TABLE tags (id bigint PRIMARY KEY);\nCREATE INDEX tags_id_idx ON tags (id);\nCOMMIT;';
    for (const tool of ['prisma', 'supabase', 'golang-migrate'] as const) expect(await lint(sql, { tool })).toEqual([]);
  });

  it("reports BEGIN/COMMIT in a dbmate migration as an error: dbmate's own COMMIT then fails", async () => {
    const sql = '-- migrate:up\nBEGIN;\nCREATE TABLE tags (id bigint PRIMARY KEY);\nCOMMIT;\n';
    const findings = await lint(sql, { tool: 'dbmate' });
    expect(findings).toMatchObject([
      {
        line: 2,
        severity: 'error',
        message: expect.stringContaining('dbmate\'s own COMMIT then fails ("pq: unexpected transaction status idle")'),
      },
    ]);
    // With transaction:false dbmate sends the up section as one query string and opens no transaction of its own.
    expect(await lint(sql.replace('-- migrate:up', '-- migrate:up transaction:false'), { tool: 'dbmate' })).toEqual([]);
  });

  it('reports a BEGIN left open in a Supabase migration: nothing commits it', async () => {
    const sql =
      "ALTER TYPE order_status ADD VALUE 'refunded';\nCOMMIT;\nBEGIN;\nUPDATE orders SET status = 'refunded' WHERE refunded_at IS NOT NULL;";
    const findings = await lint(sql, { tool: 'supabase', path: 'supabase/migrations/20240501000000_refunds.sql' });
    expect(findings).toMatchObject([
      {
        line: 3,
        severity: 'error',
        message: expect.stringContaining('the Supabase CLI sends none: they, and the migrations after this one, are rolled back'),
      },
    ]);
  });
});

describe('what PostgreSQL says, as the messages quote it (the real PGlite)', () => {
  async function notices(run: (db: PGlite, onNotice: (notice: { message?: string }) => void) => Promise<unknown>): Promise<string[]> {
    const db = await PGlite.create();
    const seen: string[] = [];
    await run(db, (notice) => seen.push(notice.message ?? ''));
    await db.close();
    return seen;
  }

  it('warns of a BEGIN inside a transaction block a tool opened first, and of the COMMIT the tool then sends', async () => {
    const seen = await notices(async (db, onNotice) => {
      await db.exec('BEGIN', { onNotice });
      await db.exec('BEGIN; CREATE TABLE tags (id bigint); COMMIT;', { onNotice });
      await db.exec('COMMIT', { onNotice });
    });
    expect(seen).toEqual(['there is already a transaction in progress', 'there is no transaction in progress']);
  });

  it('gives no warning for BEGIN/COMMIT in a file sent as one query string (its implicit transaction becomes a regular one)', async () => {
    const seen = await notices((db, onNotice) =>
      db.exec('CREATE TABLE tags (id bigint); BEGIN; CREATE INDEX ON tags (id); COMMIT;', { onNotice }),
    );
    expect(seen).toEqual([]);
  });
});
