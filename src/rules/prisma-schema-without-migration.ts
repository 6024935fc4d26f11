import { defineRule } from './api/define-rule.js';

/**
 * Reported by the review of schema.prisma (src/engine/changes/model-migrations.ts) when the change
 * alters what the database must hold and no migration of the change touches the model's table.
 */
export default defineRule({
  id: 'prisma-schema-without-migration',
  summary: 'schema.prisma changes the database, but no migration in the change does',
  risk: 'safe',
  severity: 'warning',
  category: 'correctness',
  help: 'Run `prisma migrate dev` and commit the migration it creates with this change.',
});
