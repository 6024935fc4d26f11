/** The CLI's dry runner: the shared policy in dry-runner.ts (embedded by default, DATABASE_URL → real server). */
export { createDryRunner as cliDryRunner, type DryRunnerOptions } from './dry-runner.js';
