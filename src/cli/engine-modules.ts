/**
 * Everything the CLI loads lazily, gathered behind one module so it is imported with a single
 * dynamic import(): `--help` stays fast (no SQL parser, no PGlite), and several dynamic imports of
 * modules that share dependencies are not linked concurrently (Jest's ESM loader fails on that
 * with "request for … is not in cache").
 */
export { review } from '../engine/review.js';
export { classifyPath } from '../classify/classify-file.js';
export { ALL_RULES } from '../rules/index.js';
export { ruleDocsUrl } from '../rules/support/docs-url.js';
export { cliLlmDeps } from '../llm/cli-llm-deps.js';
export { cliDryRunner } from '../dry-run/cli-dry-runner.js';
