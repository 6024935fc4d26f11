import { defineRule } from './api/define-rule.js';

/**
 * Reported by the parse stage, not by a check: PostgreSQL's parser rejected a statement. The rest of
 * the file is still analysed, statement by statement.
 */
export default defineRule({
  id: 'syntax-error',
  summary: 'PostgreSQL cannot parse this statement, so the migration will fail here',
  risk: 'safe',
  severity: 'error',
  category: 'correctness',
  help: 'Fix the statement; PostgreSQL stops the migration at the first error.',
});
