import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { CollectError } from '../collect/collect-error.js';
import { ConfigError } from '../config/load-config.js';
import { configSchema, failOnSchema } from '../config/schema.js';
import { toolInfo } from '../render/tool-info.js';
import { processIo, type CliIo } from './cli-io.js';
import { EXIT_CODES_HELP, INIT_EXAMPLES_HELP, PROGRAM_EXAMPLES_HELP, REVIEW_EXAMPLES_HELP } from './help-text.js';
import { loadEngine as loadRealEngine, type CliEngine } from './engine-port.js';
import { OUTPUT_FORMATS } from './render-review.js';
import { runReview, type ReviewCommandOptions } from './review-command.js';
import { addStatsCommand, StatsUsageError } from './stats-command.js';
import { StatsError } from '../stats/stats-snapshot.js';
import { runInit, type InitOptions } from './init-command.js';
import { findGitRoot } from '../collect/run-git.js';

/**
 * The `dbarch` command line (DESIGN.md, "CLI"). Exit codes: 0 below --fail-on, 1 at or above it,
 * 2 for a usage error, a bad config, a change that cannot be collected, or an internal error.
 */
export const EXIT_OK = 0;
export const EXIT_FAILING = 1;
export const EXIT_ERROR = 2;

const ISSUES_URL = 'https://github.com/dbarch-dev/dbarch/issues';

export async function main(
  argv: string[],
  io: Partial<CliIo> = {},
  loadEngine: () => Promise<CliEngine> = loadRealEngine,
): Promise<number> {
  const cliIo: CliIo = { ...processIo(), ...io };
  let exitCode = EXIT_OK;
  const program = buildProgram(cliIo, async (options) => {
    exitCode = await runReview(options, cliIo, loadEngine);
  });
  addInitCommand(program, async (options) => {
    exitCode = await runInit(options, cliIo, (await findGitRoot(cliIo.cwd)) ?? cliIo.cwd);
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    return reportError(error, cliIo);
  }
}

function buildProgram(io: CliIo, review: (options: ReviewCommandOptions) => Promise<void>): Command {
  const program = new Command('dbarch')
    .description('Reviews PostgreSQL migrations and ORM models like a senior database architect.')
    .version(toolInfo().version, '-V, --version')
    // Settings made before .command() are inherited by the subcommands.
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) })
    .showHelpAfterError('(run "dbarch review --help" for usage)')
    .addHelpText('after', `${PROGRAM_EXAMPLES_HELP}\n${EXIT_CODES_HELP}`);
  program
    .command('review')
    .description('Review migrations: PATHs as new files, or what changed since --base REF.')
    .argument('[paths...]', 'files or folders to review (default: the current folder)')
    .option('--base <ref>', 'review what changed between REF and the working tree (git)')
    .addOption(new Option('--format <format>', 'output format').choices(OUTPUT_FORMATS).default('text'))
    .option('--config <file>', 'config file (default: .github/dbarch.yml when present)')
    .addOption(new Option('--pg-version <n>', 'major PostgreSQL version production runs').argParser(parsePgVersion))
    .option('--no-llm', 'do not ask the LLM architect')
    .option('--llm-model <name>', 'model for the LLM architect (default: DBARCH_LLM_MODEL, config llm.model, gpt-4o-mini)')
    .option('--llm-base-url <url>', 'OpenAI-compatible endpoint (default: OPENAI_BASE_URL, config llm.baseUrl)')
    .option('--no-dry-run', 'do not run the migrations on an embedded PostgreSQL')
    .option('--stats <file|url>', 'production table sizes: a dbarch.stats/v1 file or a read-only postgres:// URL (docs/stats.md)')
    .option('--verbose', 'text format: the long form (source excerpts, help, docs links, the full rollout plan)')
    .option(
      '--dry-run-database-url <url>',
      'dry run on this disposable PostgreSQL server instead (default: DBARCH_DRY_RUN_DATABASE_URL, config dryRun.databaseUrl; never DATABASE_URL)',
    )
    .addOption(
      new Option('--fail-on <level>', 'lowest level that exits 1 (default: from the config, else downtime)').choices(failOnSchema.options),
    )
    .addHelpText('after', `${REVIEW_EXAMPLES_HELP}\n${EXIT_CODES_HELP}`)
    .action(async (paths: string[], options: Omit<ReviewCommandOptions, 'paths'>) => {
      await review({ ...options, paths });
    });
  addStatsCommand(program, io, process.env);
  return program;
}

function addInitCommand(program: Command, init: (options: InitOptions) => Promise<void>): void {
  program
    .command('init')
    .description('Set up dbarch in this repository: .github/dbarch.yml and a GitHub workflow, from the migrations found.')
    .option('--pre-commit', 'also write a git pre-commit hook that reviews changed migrations')
    .option('--force', 'replace files that exist (by default they are kept)')
    .addHelpText('after', INIT_EXAMPLES_HELP)
    .action(async (options: InitOptions) => {
      await init(options);
    });
}

function parsePgVersion(value: string): number {
  const version = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!configSchema.shape.pgVersion.safeParse(version).success) {
    throw new InvalidArgumentError('expected a major PostgreSQL version from 9 to 19, such as 16.');
  }
  return version;
}

/** Turns a thrown error into a message on stderr and exit code 2 (0 for --help and --version). */
function reportError(error: unknown, io: CliIo): number {
  if (error instanceof CommanderError) {
    // Commander has already printed help, the version or its own error message.
    return error.exitCode === 0 ? EXIT_OK : EXIT_ERROR;
  }
  if (error instanceof ConfigError || error instanceof CollectError || error instanceof StatsError || error instanceof StatsUsageError) {
    io.stderr.write(`dbarch: ${error.message}\n`);
    return EXIT_ERROR;
  }
  // An unexpected crash: one line and where to report it; the stack only when asked for (DEBUG=1).
  const brief = error instanceof Error ? `${error.name}: ${error.message.split('\n')[0]}` : String(error);
  io.stderr.write(`dbarch: internal error: ${brief}\n`);
  if (process.env.DEBUG && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
  else io.stderr.write(`dbarch: this is a bug in dbarch; please report it at ${ISSUES_URL} (run with DEBUG=1 for the stack trace)\n`);
  return EXIT_ERROR;
}
