import { describe, expect, it } from '@jest/globals';
import { alembicRuleIds } from './lint-alembic.js';

/**
 * alembic-downgrade-incomplete follows rename_table: downgrade() runs on the schema upgrade() left,
 * so it may undo an operation under the table's new name before renaming it back, or drop the
 * renamed table with everything added to it.
 */

const revision = (upgrade: string[], downgrade: string[]) =>
  [
    'from alembic import op',
    'import sqlalchemy as sa',
    '',
    'revision = "b2c3"',
    'down_revision = "a1b2"',
    '',
    '',
    'def upgrade():',
    ...upgrade.map((line) => `    ${line}`),
    '',
    '',
    'def downgrade():',
    ...downgrade.map((line) => `    ${line}`),
    '',
  ].join('\n');

const ADD_NICKNAME = 'op.add_column("users", sa.Column("nickname", sa.Text(), nullable=True))';
const RENAME = 'op.rename_table("users", "accounts")';

describe('alembic-downgrade-incomplete across a rename', () => {
  it('accepts a column dropped under the new name before the table is renamed back', async () => {
    const ids = await alembicRuleIds(
      revision([ADD_NICKNAME, RENAME], ['op.drop_column("accounts", "nickname")', 'op.rename_table("accounts", "users")']),
    );
    expect(ids).not.toContain('alembic-downgrade-incomplete');
  });

  it('accepts a column dropped under the old name after the table is renamed back', async () => {
    const ids = await alembicRuleIds(
      revision([ADD_NICKNAME, RENAME], ['op.rename_table("accounts", "users")', 'op.drop_column("users", "nickname")']),
    );
    expect(ids).not.toContain('alembic-downgrade-incomplete');
  });

  it('still reports a column nobody drops', async () => {
    const ids = await alembicRuleIds(revision([ADD_NICKNAME, RENAME], ['op.rename_table("accounts", "users")']));
    expect(ids).toContain('alembic-downgrade-incomplete');
  });
});
