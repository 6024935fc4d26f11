import { describe, expect, it } from '@jest/globals';
import { defaultConfig } from '../../src/config/load-config.js';
import { review } from '../../src/engine/review.js';
import type { ChangedFile } from '../../src/review-types/index.js';

/**
 * Files a path glob takes for migrations that are none, seen on real histories: sqlc query files
 * beside the migrations (hatchet), and Alembic revisions kept per database in
 * `versions/postgresql/` and `versions/sqlite/` (prefect).
 */

const added = (path: string, content: string): ChangedFile => ({ path, status: 'added', content });

describe('sqlc query files', () => {
  it('are skipped with the reason, not reviewed as migrations', async () => {
    const queries = [
      '-- name: ListTasks :many',
      'SELECT * FROM tasks WHERE tenant_id = $1;',
      '',
      '-- name: ResetTasks :exec',
      'UPDATE tasks SET status = NULL;',
      'DELETE FROM tasks;',
    ].join('\n');
    const result = await review({ files: [added('pkg/repository/sqlc/tasks.sql', queries)] }, defaultConfig());
    expect(result.files[0]!.skipped).toBe(
      'sqlc query file (`-- name: ListTasks :many` at line 1): queries the application runs, not a migration',
    );
    expect(result.findings).toEqual([]);
    expect(result.risk).toBe('safe');
  });

  it('a migration that mentions "name:" in a comment is still reviewed', async () => {
    const result = await review(
      { files: [added('db/migrations/002_drop.sql', '-- name: cleanup\nDROP TABLE legacy;\n')] },
      defaultConfig(),
    );
    expect(result.files[0]!.skipped).toBeUndefined();
    expect(result.risk).toBe('destructive');
  });
});

describe('Alembic revisions per database', () => {
  const revision = (id: string, down: string | null, body: string) =>
    [
      `revision = "${id}"`,
      `down_revision = ${down === null ? 'None' : `"${down}"`}`,
      'from alembic import op',
      '',
      'def upgrade():',
      `    ${body}`,
      '',
      'def downgrade():',
      '    pass',
      '',
    ].join('\n');

  it('reviews versions/postgresql/ (nested under versions/) and skips versions/sqlite/ with the reason', async () => {
    const root = 'src/app/database/_migrations/versions';
    const result = await review(
      {
        files: [
          added(`${root}/postgresql/2026_01_02_b2_drop.py`, revision('b2', 'b1', 'op.drop_column("flow_run", "legacy")')),
          added(`${root}/sqlite/2026_01_02_c2_drop.py`, revision('c2', 'c1', 'op.drop_column("flow_run", "legacy")')),
        ],
        baseFiles: [
          {
            path: `${root}/postgresql/2026_01_01_b1_init.py`,
            content: revision('b1', null, 'op.execute("CREATE TABLE flow_run (id int, legacy text)")'),
          },
          {
            path: `${root}/sqlite/2026_01_01_c1_init.py`,
            content: revision('c1', null, 'op.execute("CREATE TABLE flow_run (id int, legacy text)")'),
          },
        ],
      },
      defaultConfig(),
    );
    const postgres = result.files.find((file) => file.path.includes('/postgresql/'))!;
    const sqlite = result.files.find((file) => file.path.includes('/sqlite/'))!;
    expect(postgres.kind).toBe('alembic');
    expect(postgres.findings.map((finding) => finding.ruleId)).toContain('drop-column');
    expect(sqlite.skipped).toMatch(/^SQLite dialect \(path segment sqlite\/\): an Alembic revision for another database/);
    expect(sqlite.findings).toEqual([]);
  });
});
