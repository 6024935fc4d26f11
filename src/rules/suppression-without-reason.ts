import { defineRule } from './api/define-rule.js';

/** Reported by the suppression stage: a `dbarch-ignore` comment with no reason after a colon. */
export default defineRule({
  id: 'suppression-without-reason',
  summary: 'A dbarch-ignore comment gives no reason',
  risk: 'safe',
  severity: 'warning',
  category: 'hygiene',
  help: 'Say why the risk is acceptable after a colon: `-- dbarch-ignore rule-id: why it is safe here`.',
});
