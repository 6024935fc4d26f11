import { defineRule } from './api/define-rule.js';

/**
 * Reported by the engine (src/engine/files/fail-closed.ts) when reviewing one file threw: a defect in
 * dbarch, never a verdict on the file. The rest of the change is still reviewed; this file counts
 * as unreviewed for every fail-on level but `never`.
 */
export default defineRule({
  id: 'internal-error',
  summary: 'dbarch failed while reviewing this file, so nothing in it was checked',
  risk: 'safe',
  severity: 'error',
  category: 'correctness',
  help: 'Review the file by hand, and report the error (with the file if you can share it) so it gets fixed.',
});
