import { defineRule } from './api/define-rule.js';

/**
 * Reported by the dry-run stage instead of dry-run-failed when the failure is likely not the
 * migration's: the base replay skipped statements, or the file holds placeholders run as stand-ins.
 */
export default defineRule({
  id: 'dry-run-incomplete-base',
  summary: 'The dry run could not check this migration on a faithful copy of the schema',
  risk: 'safe',
  severity: 'notice',
  category: 'hygiene',
  help: 'Rule verdicts stand for this file. To get the dry run’s evidence, point DBARCH_DRY_RUN_DATABASE_URL at a disposable server that has the extensions and roles the migrations need.',
});
