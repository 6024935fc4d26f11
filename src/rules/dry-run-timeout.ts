import { defineRule } from './define-rule.js';

/** Reported by the dry-run stage: the sandbox stopped a statement that passed its time limit. */
export default defineRule({
  id: 'dry-run-timeout',
  summary: 'The statement did not finish within the dry run’s time limit',
  risk: 'safe',
  severity: 'warning',
  category: 'safety',
  help: 'Check for a query that never ends or that grows with the data, and bound it (or batch it) before it runs in production.',
});
