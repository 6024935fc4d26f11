import { defineRule } from './api/define-rule.js';
import { longRunningWork } from './support/long-running.js';

/**
 * A statement whose run time grows with an existing table can take far longer in production than
 * on a developer's copy. Without a timeout nothing stops it while it blocks traffic.
 */
export default defineRule({
  id: 'statement-timeout-missing',
  summary: 'A long-running, traffic-blocking statement runs with neither statement_timeout nor lock_timeout set',
  risk: 'safe',
  severity: 'notice',
  category: 'hygiene',
  defersTo: ['lock-timeout-missing'],
  oncePerFile: true,
  help: "Set statement_timeout (and lock_timeout) before the statement, e.g. SET statement_timeout = '5min', sized from a run on production-sized data.",
  checkStatement({ statement, facts, pgVersion, settings, report }) {
    if (settings.statementTimeout || settings.lockTimeout) return;
    const work = longRunningWork(statement, facts, { pgVersion });
    if (!work?.blocksTraffic) return;
    report({
      message:
        `This statement ${work.reason} with neither statement_timeout nor lock_timeout set: if it takes far longer in production ` +
        `than in testing, or waits behind a long query for its lock, nothing stops it while it blocks other sessions. ` +
        `Set both before it (SET statement_timeout = '…'; SET lock_timeout = '…'), sized from a run on production-sized data, ` +
        `so the migration fails and can be retried instead of stalling the application.`,
    });
  },
});
