/** The CLI's dry runner: the shared policy in dry-runner.ts (embedded by default, DBARCH_DRY_RUN_DATABASE_URL → real server). */
export { createDryRunner as cliDryRunner, type DryRunnerOptions } from './dry-runner.js';
