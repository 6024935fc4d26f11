import { defineRule } from './api/define-rule.js';

/**
 * Reported by the model review with the change-level view (src/engine/changes/model-migrations.ts):
 * a model's table, columns, types, nullability, keys, indexes or server defaults changed, and no
 * migration of the same change touches that table.
 */
export default defineRule({
  id: 'model-change-without-migration',
  summary: 'A model changes its table schema but no migration in the change touches that table',
  risk: 'safe',
  severity: 'warning',
  category: 'correctness',
  help: 'Add the migration that makes the database match the model to the same change (alembic revision --autogenerate, then review it).',
});
