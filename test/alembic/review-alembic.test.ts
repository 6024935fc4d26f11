import { describe, expect, it } from '@jest/globals';
import { defaultConfig } from '../../src/config/load-config.js';
import { review } from '../../src/engine/review.js';
import { alembicRuleIds, lintAlembic } from './lint-alembic.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Alembic revisions through the whole engine: findings on Python lines, graph order, suppressions. */

const HEADER = 'from alembic import op\nimport sqlalchemy as sa\n\nrevision = "b2"\ndown_revision = "a1"\n\n\n';
const DOWNGRADE = '\n\ndef downgrade():\n    raise NotImplementedError("test")\n';

function lineOf(source: string, needle: string): number {
  return source.slice(0, source.indexOf(needle)).split('\n').length;
}

describe('findings land on the Python source', () => {
  it('points SQL rule findings at the op call and at the argument they concern', async () => {
    const source =
      HEADER +
      'def upgrade():\n' +
      '    op.create_index("ix_orders_customer", "orders", ["customer_id"])\n' +
      '    op.create_table(\n' +
      '        "events",\n' +
      '        sa.Column("id", sa.BigInteger(), sa.Identity(), primary_key=True),\n' +
      '        sa.Column("at", sa.DateTime(), nullable=False),\n' +
      '    )\n' +
      DOWNGRADE;
    const findings = await lintAlembic(source);
    const index = findings.find((finding) => finding.ruleId === 'create-index-non-concurrently')!;
    expect(index).toMatchObject({ line: lineOf(source, 'op.create_index'), column: 5 });
    const timestamp = findings.find((finding) => finding.ruleId === 'timestamp-without-time-zone')!;
    expect(timestamp.line).toBe(lineOf(source, 'sa.DateTime()'));
    expect(timestamp.column).toBe(source.split('\n')[timestamp.line - 1]!.indexOf('sa.DateTime()') + 1);
    expect(index.fix?.replacement).toBeUndefined();
  });

  it('maps findings inside an execute() string to the characters of the string', async () => {
    const source = HEADER + 'def upgrade():\n    op.execute("ALTER TABLE orders ALTER COLUMN total SET NOT NULL")\n' + DOWNGRADE;
    const finding = (await lintAlembic(source)).find((item) => item.ruleId === 'set-not-null')!;
    const line = source.split('\n')[finding.line - 1]!;
    expect(finding.line).toBe(lineOf(source, 'op.execute'));
    expect(line.slice(finding.column! - 1, finding.endColumn! - 1)).toBe('SET NOT NULL');
  });

  it('reports unresolved operations and Python syntax errors at their lines', async () => {
    const source =
      HEADER + 'def upgrade():\n    op.add_column(table_name(), sa.Column("x", sa.Text()))\n    op.drop_column("orders", "y"\n' + DOWNGRADE;
    const findings = await lintAlembic(source);
    expect(findings.find((finding) => finding.ruleId === 'alembic-unresolved-op')?.line).toBe(lineOf(source, 'table_name()'));
    expect(findings.some((finding) => finding.ruleId === 'alembic-syntax-error')).toBe(true);
  });

  it('treats CONCURRENTLY inside autocommit_block as outside the transaction', async () => {
    const body = '    op.create_index("ix_a", "orders", ["a"], postgresql_concurrently=True)\n';
    const inside = HEADER + 'def upgrade():\n    with op.get_context().autocommit_block():\n    ' + body + DOWNGRADE;
    const outside = HEADER + 'def upgrade():\n' + body + DOWNGRADE;
    expect(await alembicRuleIds(inside)).not.toContain('alembic-concurrently-outside-autocommit');
    const ids = await alembicRuleIds(outside);
    expect(ids).toContain('alembic-concurrently-outside-autocommit');
    expect(ids).not.toContain('concurrently-in-transaction');
  });
});

describe('suppressions in Python comments', () => {
  it('silence every statement of the op call below them', async () => {
    const source =
      HEADER +
      'def upgrade():\n' +
      '    # dbarch-ignore drop-column: the column has been unused since release 4.2\n' +
      '    op.drop_column("orders", "legacy")\n' +
      '    op.drop_column("orders", "other")\n' +
      DOWNGRADE;
    const findings = await lintAlembic(source);
    const drops = findings.filter((finding) => finding.ruleId === 'drop-column');
    expect(drops.map((finding) => finding.line)).toEqual([lineOf(source, '"other"')]);
    expect(findings.some((finding) => finding.ruleId === 'unused-suppression')).toBe(false);
  });
});

describe('revision graph', () => {
  const revision = (id: string, down: string) =>
    `revision = "${id}"\ndown_revision = ${down}\n\n\ndef upgrade():\n    pass\n\n\ndef downgrade():\n    pass\n`;

  it('orders a change by down_revision, merges after both parents', async () => {
    const files = [
      { path: 'alembic/versions/aaa_merge.py', status: 'added' as const, content: revision('m1', '("x1", "y1")') },
      { path: 'alembic/versions/bbb_second.py', status: 'added' as const, content: revision('y1', '"x0"') },
      { path: 'alembic/versions/ccc_first.py', status: 'added' as const, content: revision('x1', '"x0"') },
      { path: 'alembic/versions/ddd_root.py', status: 'added' as const, content: revision('x0', 'None') },
    ];
    const result = await review({ files }, defaultConfig());
    expect(result.files.map((file) => file.path)).toEqual([
      'alembic/versions/ddd_root.py',
      'alembic/versions/bbb_second.py',
      'alembic/versions/ccc_first.py',
      'alembic/versions/aaa_merge.py',
    ]);
    expect(result.findings.filter((finding) => finding.ruleId === 'alembic-multiple-heads')).toEqual([]);
  });

  it('reports a second head introduced by the change on its down_revision line', async () => {
    const base = [{ path: 'alembic/versions/b.py', content: revision('b1', '"a1"') }];
    const files = [{ path: 'alembic/versions/c.py', status: 'added' as const, content: revision('c1', '"a1"') }];
    const result = await review({ files, baseFiles: base }, defaultConfig());
    const heads = result.findings.filter((finding) => finding.ruleId === 'alembic-multiple-heads');
    expect(heads).toHaveLength(1);
    expect(heads[0]!.line).toBe(2);
  });
});

describe('alembic-data-migration and the rows a constraint needs fixed first (test/fixtures/alembic)', () => {
  const BASE =
    'from alembic import op\n\nrevision = "0001"\ndown_revision = None\n\n\ndef upgrade():\n' +
    '    op.execute("CREATE TABLE document_link (id bigint PRIMARY KEY, source_id bigint NOT NULL, target_id bigint NOT NULL)")\n' +
    DOWNGRADE;
  const fixture = readFileSync(join(import.meta.dirname, '../fixtures/alembic/versions/0002_forbid_self_links.py'), 'utf8');

  it('does not tell a DELETE that a later CHECK on its table needs to move after the schema change', async () => {
    const findings = await lintAlembic(fixture, { base: BASE, path: 'alembic/versions/0002_forbid_self_links.py' });
    const severityOf = (ruleId: string) => findings.filter((finding) => finding.ruleId === ruleId).map((finding) => finding.severity);
    expect(severityOf('alembic-data-migration')).toEqual([]);
    // The CHECK's scan under ACCESS EXCLUSIVE is still an error; deleting the rows it would reject is a notice.
    expect(severityOf('add-check-validates')).toEqual(['error']);
    expect(severityOf('backfill-in-migration')).toEqual(['notice']);
  });

  it('still reports a data change that no later constraint of its table needs', async () => {
    const unrelated = fixture.replace(
      'op.create_check_constraint("ck_document_link_not_self", "document_link", "source_id <> target_id")',
      'op.execute("ALTER TABLE document_link ADD COLUMN note text")',
    );
    expect(await alembicRuleIds(unrelated, { base: BASE })).toContain('alembic-data-migration');
  });
});
