import { collectGitChanges } from '../collect/git-base.js';
import { collectLocalPaths } from '../collect/local-paths.js';
import type { PathClassifier } from '../collect/path-classifier.js';
import { findGitRoot } from '../collect/run-git.js';
import type { FailOn } from '../config/schema.js';
import type { Changeset } from '../review-types/index.js';
import { isFailing } from '../policy/fail-on.js';
import { collectionPacer } from '../runtime/memory-tuning.js';
import type { CliIo } from './cli-io.js';
import type { CliEngine, ReviewRunOptions } from './engine-port.js';
import { progressReporter } from './progress.js';
import { renderReview, type OutputFormat } from './render-review.js';
import { resolveConfig } from './resolve-config.js';
import { resolveTableStats } from '../stats/load-stats.js';

/** `dbarch review`, once the command line is parsed: collect, review, render, judge. */
export interface ReviewCommandOptions {
  paths: string[];
  base?: string;
  format: OutputFormat;
  config?: string;
  pgVersion?: number;
  llm: boolean;
  llmModel?: string;
  llmBaseUrl?: string;
  dryRun: boolean;
  dryRunDatabaseUrl?: string;
  failOn?: FailOn;
  /** --stats FILE|URL: production table statistics (src/stats/load-stats.ts). */
  stats?: string;
  /** Text format: the long form. */
  verbose?: boolean;
}

/** Returns the exit code: 1 when the review fails the fail-on policy, else 0. */
export async function runReview(options: ReviewCommandOptions, io: CliIo, loadEngine: () => Promise<CliEngine>): Promise<number> {
  const root = (await findGitRoot(io.cwd)) ?? io.cwd;
  const flags = { configFile: options.config, pgVersion: options.pgVersion, failOn: options.failOn };
  const config = await resolveConfig(flags, io.cwd, root);
  const engine = await loadEngine();
  const classify: PathClassifier = (path, classifyOptions) => engine.classifyPath(path, config, classifyOptions);
  const changeset = await collectChangeset(options, io.cwd, root, classify);
  const progress = progressReporter(io);
  // A full garbage collection every 16 MB of files reviewed and of output keeps a big review's heap near its live data.
  const collect = collectionPacer(16 * 1024 * 1024);
  const sizes = new Map(changeset.files.map((file) => [file.path, file.content?.length ?? 0]));
  const onProgress = (done: number, total: number, path: string) => {
    collect(sizes.get(path) ?? 0);
    progress.onProgress(done, total, path);
  };
  const runOptions: ReviewRunOptions = { onProgress, llm: options.llm, dryRun: options.dryRun };
  // Production statistics: --stats, else config stats.path, else DBARCH_STATS_DATABASE_URL (src/stats/load-stats.ts).
  runOptions.tableStats = await resolveTableStats({
    flag: options.stats,
    configPath: config.stats.path,
    cwd: io.cwd,
    root,
    env: process.env,
  });
  if (options.dryRunDatabaseUrl) runOptions.dryRunDatabaseUrl = options.dryRunDatabaseUrl;
  // LLM settings (src/llm/cli-llm-deps.ts): flags win over the environment and the config; root holds the cache.
  Object.assign(runOptions, { llmModel: options.llmModel, llmBaseUrl: options.llmBaseUrl, root });
  const review = await engine.review(changeset, config, runOptions).finally(() => progress.finish());
  const context = { sources: headSources(changeset), color: io.color, rules: engine.rules, width: io.columns, verbose: options.verbose };
  writeBuffered(renderReview(review, options.format, context), io, collect);
  return isFailing(review, config.failOn) ? 1 : 0;
}

/** Writes the output's pieces in blocks of about 64 KB (one write per piece would be one system call each). */
function writeBuffered(chunks: Iterable<string>, io: CliIo, collect: (bytes: number) => void): void {
  let block = '';
  for (const chunk of chunks) {
    block += chunk;
    if (block.length < 65_536) continue;
    io.stdout.write(block);
    collect(block.length);
    block = '';
  }
  if (block) io.stdout.write(block);
}

/** `--base REF` reviews a git change; otherwise the PATHs (default: the current folder) are new. */
function collectChangeset(options: ReviewCommandOptions, cwd: string, root: string, classify: PathClassifier): Promise<Changeset> {
  if (options.base !== undefined) return collectGitChanges({ cwd, base: options.base, classify, paths: options.paths });
  return collectLocalPaths(options.paths.length > 0 ? options.paths : ['.'], { cwd, root, classify });
}

function headSources(changeset: Changeset): Map<string, string> {
  const sources = new Map<string, string>();
  for (const file of changeset.files) if (file.content !== undefined) sources.set(file.path, file.content);
  return sources;
}
