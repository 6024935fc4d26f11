import { defineRule } from './api/define-rule.js';

/**
 * Reported by the Alembic review: the revision is not valid Python. Alembic imports every revision
 * to build its graph, so one broken file stops every `alembic` command, not only this migration.
 */
export default defineRule({
  id: 'alembic-syntax-error',
  summary: 'The Alembic revision is not valid Python, so Alembic cannot load any revision',
  risk: 'safe',
  severity: 'error',
  category: 'correctness',
  help: 'Fix the Python syntax; `python -m py_compile <file>` shows the same error.',
});
