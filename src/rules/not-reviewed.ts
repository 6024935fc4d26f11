import { defineRule } from './api/define-rule.js';

/**
 * Reported by the engine, not by a check (src/engine/files/fail-closed.ts): a migration, model or config
 * file whose contents dbarch could not read as text. Fail closed: it counts for every fail-on level
 * but `never`, because what the file does to the database is unknown.
 */
export default defineRule({
  id: 'not-reviewed',
  summary: 'A file in a migration or model path could not be read (too large, binary, not UTF-8, too deeply nested, not fetched)',
  risk: 'safe',
  severity: 'error',
  category: 'correctness',
  help:
    'Make the file plain UTF-8 text PostgreSQL and your migration tool can read, within the size limit; ' +
    'or review it by hand and acknowledge the finding.',
});
