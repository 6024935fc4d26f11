import { collectGitChanges } from '../collect/git-base.js';
import { collectLocalPaths } from '../collect/local-paths.js';
import type { PathClassifier } from '../collect/path-classifier.js';
import { findGitRoot } from '../collect/run-git.js';
import type { FailOn } from '../config/schema.js';
import type { Changeset } from '../engine/types.js';
import { isFailing } from '../policy/fail-on.js';
import type { CliIo } from './cli-io.js';
import type { CliEngine, ReviewRunOptions } from './engine-port.js';
import { progressReporter } from './progress.js';
import { renderReview, type OutputFormat } from './render-review.js';
import { resolveConfig } from './resolve-config.js';

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
  failOn?: FailOn;
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
  const runOptions: ReviewRunOptions = { onProgress: progress.onProgress, llm: options.llm, dryRun: options.dryRun };
  // LLM settings (src/llm/cli-llm-deps.ts): flags win over the environment and the config; root holds the cache.
  Object.assign(runOptions, { llmModel: options.llmModel, llmBaseUrl: options.llmBaseUrl, root });
  const review = await engine.review(changeset, config, runOptions).finally(() => progress.finish());
  io.stdout.write(renderReview(review, options.format, { sources: headSources(changeset), color: io.color, rules: engine.rules }));
  return isFailing(review, config.failOn) ? 1 : 0;
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
