/**
 * The examples and exit codes `dbarch --help`, `dbarch review --help` and `dbarch init --help` end
 * with (commander prints the options above them from the command's own definitions).
 */

export const EXIT_CODES_HELP = `
Exit codes:
  0  the review is below --fail-on (or --fail-on never)
  1  the review is at or above --fail-on (default: failOn in the config, else downtime; an
     error finding counts as downtime), or a file could not be reviewed (any level but never)
  2  usage error, invalid config, a change that cannot be collected, or an internal error`;

export const REVIEW_EXAMPLES_HELP = `
Examples:
  dbarch review db/migrations/0042_add_index.sql      review one migration as new
  dbarch review --base origin/main                    review what changed since origin/main, like a PR
  dbarch review --base main --format sarif > out.sarif
  dbarch review --no-llm --no-dry-run db/             rules only: fast, offline
  dbarch review --verbose db/                         the long form: excerpts, help, docs links`;

export const PROGRAM_EXAMPLES_HELP = `
Examples:
  dbarch review --base origin/main    review the migrations this branch changes
  dbarch init                         write .github/dbarch.yml and a workflow for this repository
  dbarch review --help                every option of review`;

export const INIT_EXAMPLES_HELP = `
Examples:
  dbarch init                 .github/dbarch.yml and .github/workflows/dbarch.yml, from the migrations found
  dbarch init --pre-commit    also a git pre-commit hook that reviews the migrations changed since HEAD
  dbarch init --force         replace those files if they exist`;
