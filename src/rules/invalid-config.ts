import { defineRule } from './api/define-rule.js';

/**
 * Reported for a change that edits `.github/dbarch.yml` (src/engine/files/config-file.ts): the new
 * config would be refused once merged. The change itself is reviewed with the base branch's config.
 */
export default defineRule({
  id: 'invalid-config',
  summary: 'The changed .github/dbarch.yml would be refused by dbarch once merged',
  risk: 'safe',
  severity: 'error',
  category: 'correctness',
  help: 'Fix the key or value the message names; docs/configuration.md lists every key and the allowed values.',
});
