import { defineRule } from './api/define-rule.js';

/**
 * Reported by the Alembic review, not by a check: an `op.` call (or a helper upgrade() calls)
 * whose SQL depends on values only known when the migration runs. dbarch says so rather than
 * guess, because a guessed statement would be reviewed as if it were real.
 */
export default defineRule({
  id: 'alembic-unresolved-op',
  summary: 'An Alembic operation whose SQL dbarch cannot determine statically, so it is not reviewed',
  risk: 'safe',
  severity: 'notice',
  category: 'hygiene',
  help: 'Pass literal names and types to op.* calls in upgrade(), or review the statements this call sends by hand.',
});
