import { defineRule } from './api/define-rule.js';

/** Reported by the dry-run stage: a base table's storage changed while the statement ran (a rewrite no rule had reported). */
export default defineRule({
  id: 'dry-run-rewrite',
  summary: 'The dry run saw this statement rewrite a table under an ACCESS EXCLUSIVE lock',
  risk: 'downtime',
  severity: 'warning',
  category: 'safety',
  help: 'Find the part of the statement that rewrites the table and use its online alternative (see the rules for the command), or schedule a maintenance window.',
});
