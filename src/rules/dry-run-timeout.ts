import { defineRule } from './api/define-rule.js';

/**
 * Reported by the dry-run stage: a statement still running at its time limit was stopped (an
 * error: it would hang the deploy), or, as a warning on the file, the file's own budget ran out.
 */
export default defineRule({
  id: 'dry-run-timeout',
  summary: 'The statement did not finish within the dry run’s time limit',
  risk: 'downtime',
  severity: 'error',
  category: 'safety',
  help: 'Check for a query that never ends or that grows with the data, and bound it (or batch it) before it runs in production.',
});
