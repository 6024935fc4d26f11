import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Logger } from 'probot';
import { ProbotOctokit } from 'probot';
import type { CliIo } from '../cli/cli-io.js';
import type { CliEngine } from '../cli/engine-port.js';
import type { Config } from '../config/schema.js';
import type { Review } from '../review-types/index.js';
import { annotationsOf, conclusionOf, reviewOutput } from '../github/check-output.js';
import { completeCheckRun, createCheckRun } from '../github/check-run.js';
import { fingerprint } from '../github/finding-marker.js';
import { planInlineComments } from '../github/inline-comments.js';
import { loadPullRequestContext } from '../github/pull-request-context.js';
import { postInlineReview, resolveStaleThreads, upsertSummary } from '../github/publish-comments.js';
import { requestStatus } from '../github/request-status.js';
import { composeSummary, currentAck, markdownBudget, readSummaryState, type SummaryState } from '../github/summary-state.js';
import type { GitHub, PullRequestTarget } from '../github/target.js';
import { isFailing } from '../policy/fail-on.js';
import { GITHUB_COMMENT_LIMIT, renderMarkdown } from '../render/markdown.js';
import { renderSarif } from '../render/sarif.js';
import { readActionEnvironment, type ActionEnvironment } from './action-environment.js';
import { baseConfig, collectCheckout, readBaseFile, type CheckoutChange } from './checkout-changes.js';
import { statsFromBaseBranch } from '../stats/base-branch-stats.js';
import { readPullRequestEvent } from './pull-request-event.js';
import { appendStepSummary, workflowCommand, writeAnnotations } from './workflow-commands.js';

/**
 * The GitHub Action (action.yml), run by the runner on a pull request event:
 *   1. read the event, the inputs and the base branch's config   2. open the `dbarch` check run
 *   3. review the checkout with the CLI's engine                 4. complete the check with annotations
 *   5. post new inline comments, resolve gone ones               6. create or edit the sticky summary
 *   7. write the job summary (and SARIF when asked), return the exit code the policy gives (1 at or above failOn)
 * A read-only token (a pull request from a fork) cannot create the check run (403): the findings
 * then go out as workflow-command annotations and the job summary. A review that cannot finish
 * fails the check with the reason and exits 2 — never `neutral`, never a pass.
 */
export const EXIT_PASS = 0;
export const EXIT_FAIL = 1;
export const EXIT_ERROR = 2;

export interface ActionDependencies {
  env: Readonly<Record<string, string | undefined>>;
  io: Pick<CliIo, 'stdout' | 'stderr'>;
  loadEngine: () => Promise<CliEngine>;
  /** Probot's Octokit (retries, rate limits); tests pass one without the waits. */
  Octokit?: typeof ProbotOctokit;
}

export async function runAction(deps: ActionDependencies): Promise<number> {
  let settings: ActionEnvironment;
  let target: PullRequestTarget;
  try {
    settings = readActionEnvironment(deps.env);
    target = (await readPullRequestEvent(settings.eventPath)).target;
  } catch (error) {
    deps.io.stdout.write(workflowCommand('error', `dbarch: ${(error as Error).message}`));
    return EXIT_ERROR;
  }
  const Octokit = deps.Octokit ?? ProbotOctokit;
  const github = new Octokit({
    auth: { token: settings.token },
    baseUrl: settings.apiUrl.replace(/\/+$/, ''),
    log: quietLog(deps),
  }) as GitHub;
  const checkRunId = await openCheckRun(github, target, deps);
  try {
    const outcome = await reviewAndPublish({ github, target, settings, deps, checkRunId });
    return outcome;
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).slice(0, 500);
    deps.io.stdout.write(workflowCommand('error', `dbarch could not finish the review: ${reason}`));
    if (checkRunId !== undefined) {
      const summary = `The review stopped, so this pull request is not reviewed: ${reason}\n\nRe-run the job to try again.`;
      await completeCheckRun(github, target, checkRunId, {
        conclusion: 'failure',
        output: { title: 'dbarch could not finish the review', summary },
      }).catch(() => undefined);
    }
    return EXIT_ERROR;
  }
}

/** The check run's id, or undefined when the token may not create one (403: fork pull requests). */
async function openCheckRun(github: GitHub, target: PullRequestTarget, deps: ActionDependencies): Promise<number | undefined> {
  try {
    return await createCheckRun(github, target);
  } catch (error) {
    if (requestStatus(error) !== 403) throw error;
    deps.io.stdout.write(
      workflowCommand(
        'notice',
        'dbarch: this token cannot create check runs (a pull request from a fork gets a read-only token): findings are annotations and the job summary instead.',
      ),
    );
    return undefined;
  }
}

interface Run {
  github: GitHub;
  target: PullRequestTarget;
  settings: ActionEnvironment;
  deps: ActionDependencies;
  checkRunId: number | undefined;
}

async function reviewAndPublish(run: Run): Promise<number> {
  const { target, settings } = run;
  const base = await baseConfig(settings.workspace, target.baseSha, settings.configPath);
  const config: Config = {
    ...base.config,
    ...(settings.failOn ? { failOn: settings.failOn } : {}),
    ...(settings.pgVersion ? { pgVersion: settings.pgVersion } : {}),
  };
  const engine = await run.deps.loadEngine();
  const change = await collectCheckout(
    settings.workspace,
    target.baseSha,
    (path, options) => engine.classifyPath(path, config, options),
    `PR #${target.number}`,
  );
  // Production statistics come from the base commit too: a pull request cannot shrink its own tables.
  const stats = await statsFromBaseBranch({ ...config.stats, path: settings.statsFile ?? config.stats.path }, (path) =>
    readBaseFile(settings.workspace, target.baseSha, path),
  );
  const review = await engine.review(change.changeset, config, {
    llm: settings.llm,
    dryRun: settings.dryRun,
    root: settings.workspace,
    tableStats: stats.tableStats,
  });
  if (base.configError) review.stats.skipped.config = base.configError;
  if (stats.note) review.stats.skipped.stats = stats.note;
  if (settings.sarifFile) {
    const sarif = renderSarif(review, { rules: engine.rules, sources: change.sources });
    const path = resolve(settings.workspace, settings.sarifFile);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, sarif);
  }
  const failing = isFailing(review, config.failOn);
  if (run.checkRunId === undefined) return publishWithoutWrites(run, review, failing);
  return publishToPullRequest(run, run.checkRunId, review, { config, change, failing });
}

/** Fork fallback: annotations through workflow commands, the report in the job summary. */
async function publishWithoutWrites(run: Run, review: Review, failing: boolean): Promise<number> {
  writeAnnotations(review.findings, run.deps.io.stdout);
  await appendStepSummary(run.settings.stepSummary, renderMarkdown(review));
  return failing ? EXIT_FAIL : EXIT_PASS;
}

async function publishToPullRequest(
  run: Run,
  checkRunId: number,
  review: Review,
  { config, change, failing }: { config: Config; change: CheckoutChange; failing: boolean },
): Promise<number> {
  const { github, target, deps } = run;
  if (review.files.length === 0) {
    const summary = 'This pull request changes no migration, model or dbarch config file, so there is nothing to review.';
    await completeCheckRun(github, target, checkRunId, { conclusion: 'success', output: { title: 'No migrations changed', summary } });
    await appendStepSummary(run.settings.stepSummary, `### dbarch\n\n${summary}`);
    return EXIT_PASS;
  }
  const context = await loadPullRequestContext(github, target);
  const state = nextState(context.summary?.body, review, { failing, headSha: target.headSha, checkRunId });
  const ack = currentAck(state, target.headSha);
  await completeCheckRun(github, target, checkRunId, {
    conclusion: conclusionOf(failing, ack),
    output: reviewOutput(review, { failing, failOn: config.failOn, ...(ack ? { ack } : {}) }),
    annotations: annotationsOf(review.findings),
  });
  try {
    const findings = fingerprint(review.findings, change.sources);
    const plan = planInlineComments(findings, {
      diffs: change.diffs,
      sources: change.sources,
      posted: new Set(context.threads.map((thread) => thread.fingerprint)),
      limit: config.github.maxInlineComments,
    });
    const inline = await postInlineReview(github, target, plan, quietLog(deps));
    if (inline.failed > 0)
      review.stats.skipped['inline comments'] = `${inline.failed} could not be placed on the diff; those findings are listed here only.`;
    await resolveStaleThreads(github, context.threads, new Set(findings.map((entry) => entry.fingerprint)));
    const markdown = renderMarkdown(review, { maxLength: markdownBudget(state, GITHUB_COMMENT_LIMIT) });
    await upsertSummary(github, target, context.summary, composeSummary(markdown, state));
  } catch (error) {
    // The check run carries the verdict already; a workflow without `pull-requests: write` only loses the comments.
    if (requestStatus(error) !== 403) throw error;
    deps.io.stdout.write(
      workflowCommand('warning', 'dbarch: no permission to comment on the pull request (add `pull-requests: write` to the workflow).'),
    );
  }
  await appendStepSummary(run.settings.stepSummary, renderMarkdown(review));
  return failing && !ack ? EXIT_FAIL : EXIT_PASS;
}

/** The summary comment's hidden state for this head, keeping the acknowledgements recorded so far. */
function nextState(
  body: string | undefined,
  review: Review,
  options: { failing: boolean; headSha: string; checkRunId: number },
): SummaryState {
  return {
    version: 1,
    headSha: options.headSha,
    checkRunId: options.checkRunId,
    risk: review.risk,
    failing: options.failing,
    findings: review.findings.map((finding) => [finding.ruleId, finding.path, finding.line, finding.endLine, finding.severity]),
    acks: readSummaryState(body)?.acks ?? [],
  };
}

/** Octokit's and the publisher's log lines, as plain lines in the job log. */
function quietLog(deps: ActionDependencies): Logger {
  const write =
    (level: string) =>
    (...args: unknown[]) => {
      const message = args.find((arg) => typeof arg === 'string');
      if (message && level !== 'debug' && level !== 'info') deps.io.stderr.write(`dbarch: ${level}: ${message}\n`);
    };
  const log = {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    fatal: write('fatal'),
    trace: write('debug'),
  };
  return { ...log, child: () => log } as unknown as Logger;
}
