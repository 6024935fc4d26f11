import { defineRule } from './api/define-rule.js';

/** Reported by the suppression stage: a `dbarch-ignore` comment that silenced nothing. */
export default defineRule({
  id: 'unused-suppression',
  summary: 'A dbarch-ignore comment silences nothing',
  risk: 'safe',
  severity: 'warning',
  category: 'hygiene',
  help: 'Remove the comment, or fix the rule id it names.',
});
