import { defineRule } from './api/define-rule.js';

/** Reported by the dry-run stage (src/dry-run/trace/dry-run-findings.ts), not by a check: PostgreSQL rejected the statement. */
export default defineRule({
  id: 'dry-run-failed',
  summary: 'PostgreSQL rejects this statement when it runs on the base schema',
  risk: 'safe',
  severity: 'error',
  category: 'correctness',
  help: 'Fix the statement (or the order of the migrations) so that it runs on the schema the earlier migrations leave.',
});
