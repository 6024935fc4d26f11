import { defineRule } from './api/define-rule.js';
import { changesSchema } from '../parse/alembic/index.js';

/**
 * A revision whose upgrade() changes the schema but whose downgrade() is missing or does nothing
 * cannot be rolled back: `alembic downgrade` "succeeds" and leaves the schema as it was, while the
 * version table says otherwise. Irreversible migrations should say so by raising.
 */
export default defineRule({
  id: 'alembic-downgrade-missing',
  summary: 'upgrade() changes the schema but downgrade() is missing or only `pass`',
  risk: 'safe',
  severity: 'warning',
  category: 'hygiene',
  help: 'Write the downgrade() that reverses upgrade(), or raise NotImplementedError with the reason the revision cannot be reversed.',
  checkAlembic({ revision, report }) {
    const { downgrade, upgrade } = revision;
    if (!upgrade || (downgrade && !downgrade.empty) || !changesSchema(revision)) return;
    report({
      message: downgrade
        ? 'downgrade() does nothing while upgrade() changes the schema: `alembic downgrade` would record the rollback without reversing anything, ' +
          'leaving the schema and the version table out of step. Reverse each operation of upgrade() here, or raise NotImplementedError saying why the revision cannot be undone.'
        : 'This revision has no downgrade(): `alembic downgrade` past it fails, so a bad deploy cannot be rolled back with Alembic. ' +
          'Add a downgrade() that reverses upgrade(), or one that raises NotImplementedError saying why it cannot be undone.',
      span: downgrade?.nameSpan ?? upgrade.nameSpan,
    });
  },
});
