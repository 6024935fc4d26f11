import type { Logger } from 'probot';
import type { SharedBaseStore } from '../dry-run/replay/base-cache.js';
import type { SpendLedger } from '../llm/spend-ledger.js';
import type { Config } from '../config/schema.js';
import type { Changeset, Review } from '../review-types/index.js';
import type { StatsSnapshot } from '../stats/stats-snapshot.js';
import { escapeMarkdownProse, inlineCode } from '../render/escape-markdown.js';
import { GITHUB_COMMENT_LIMIT, renderMarkdown, SUMMARY_MARKER } from '../render/markdown.js';
import { toolInfo } from '../render/tool-info.js';
import { isFailing } from '../policy/fail-on.js';
import { annotationsOf, conclusionOf, reviewOutput, type CheckOutput, type Conclusion } from './check-output.js';
import { completeCheckRun, RERUN_ACTION } from './check-run.js';
import { loadBaseStats } from './base-stats.js';
import { collectChangeset } from './collect-changeset.js';
import { fingerprint } from './finding-marker.js';
import { planInlineComments } from './inline-comments.js';
import { loadPullRequestContext, type PullRequestContext } from './pull-request-context.js';
import { postInlineReview, resolveStaleThreads, upsertSummary } from './publish-comments.js';
import { composeSummary, currentAck, markdownBudget, readSummaryState, type SummaryState } from './summary-state.js';
import type { GitHub, PullRequestTarget } from './target.js';

/**
 * One review of one pull request head, run from the queue:
 *   1. load the context (base config, summary comment, dbarch's threads)   2. skip drafts
 *   3. collect the changed files and the base's migrations                  4. run the engine
 *   5. complete the check run      6. post new inline comments, resolve gone ones
 *   7. write the sticky summary (a pull request that no longer changes migrations: say so in it)
 * The check run is completed whatever happens: `failure` with the reason and a re-run button when
 * the review cannot finish (fail closed: GitHub counts `neutral` as passing a required check),
 * `cancelled` when a newer push superseded this run.
 */
export type ReviewFunction = (changeset: Changeset, config: Config, origin?: ReviewOrigin) => Promise<Review>;

/** Whose pull request is reviewed: the App installation, whose daily LLM budget the review spends. */
export interface ReviewOrigin {
  installationId?: number;
  /** The installation's LLM spend to check and add to (the durable queue's, shared through Redis); default: the process's. */
  ledger?: SpendLedger;
  /** Production statistics from the base branch (config `stats.path`, src/github/base-stats.ts). */
  tableStats?: StatsSnapshot;
  /** The dry run's built bases shared by the workers (the durable queue's, in Redis). */
  baseCache?: SharedBaseStore;
}

export interface ReviewJob {
  github: GitHub;
  target: PullRequestTarget;
  checkRunId: number;
  signal: AbortSignal;
  log: Logger;
  review: ReviewFunction;
  /**
   * The durable queue's say on an error: true hands the job back (a transient GitHub/LLM failure
   * with tries left, a worker shutting down) and leaves the check run in progress for the next try.
   */
  handBack?: (error: unknown) => boolean;
}

/** `crashed`: the review could not finish (the next event for this head may try again). */
export type ReviewOutcome = { conclusion: Conclusion; title: string; crashed?: boolean };

export async function runReview(job: ReviewJob): Promise<ReviewOutcome> {
  let outcome: ReviewOutcome | undefined;
  const complete = async (conclusion: Conclusion, output: CheckOutput, annotations = annotationsOf([]), crashed = false) => {
    await completeCheckRun(job.github, job.target, job.checkRunId, {
      conclusion,
      output,
      annotations,
      ...(crashed ? { actions: [RERUN_ACTION] } : {}),
    });
    outcome = { conclusion, title: output.title, ...(crashed ? { crashed } : {}) };
  };
  let handedBack = false;
  try {
    await reviewSteps(job, complete);
  } catch (error) {
    if (!outcome && job.handBack?.(error)) {
      handedBack = true;
      job.log.warn({ err: error }, 'review handed back to the queue');
      throw error;
    }
    if (outcome && job.signal.aborted)
      job.log.info('superseded after its check run was completed: the newer review publishes the comments');
    else if (outcome) job.log.error({ err: error }, 'publishing the review failed after the check run was completed');
    else if (!job.signal.aborted) job.log.error({ err: error }, 'review crashed');
    if (!outcome) {
      const [conclusion, output] = failureResult(job, error);
      await complete(conclusion, output, undefined, conclusion === 'failure');
    }
  } finally {
    if (!outcome && !handedBack)
      await complete(
        'failure',
        { title: 'dbarch did not finish', summary: 'The review stopped before it could conclude, so this pull request is not passed.' },
        undefined,
        true,
      );
  }
  return outcome!;
}

function failureResult(job: ReviewJob, error: unknown): [Conclusion, CheckOutput] {
  if (job.signal.aborted) {
    return [
      'cancelled',
      { title: 'Superseded by a newer push', summary: 'A newer commit was pushed to this pull request; dbarch reviews that one instead.' },
    ];
  }
  const reason = (error instanceof Error ? error.message : String(error)).slice(0, 500);
  return [
    'failure',
    {
      title: 'dbarch could not finish the review',
      summary: `The review could not finish, so this pull request is not passed (what cannot be reviewed is not safe): ${escapeMarkdownProse(reason)}\n\nPress **Re-run review**, re-run the check or comment \`/dbarch review\` to try again.`,
    },
  ];
}

type Complete = (conclusion: Conclusion, output: CheckOutput, annotations?: ReturnType<typeof annotationsOf>) => Promise<void>;

async function reviewSteps(job: ReviewJob, complete: Complete): Promise<void> {
  const { github, target, signal } = job;
  const context = await loadPullRequestContext(github, target, signal);
  if (target.draft && !context.config.github.reviewDrafts) {
    return complete('skipped', {
      title: 'Draft pull request',
      summary: 'dbarch reviews this pull request once it is marked ready for review (set `github.reviewDrafts: true` to review drafts).',
    });
  }
  signal.throwIfAborted();
  const collected = await collectChangeset(github, target, context.config, signal);
  const stats = await loadBaseStats(github, target, context.config.stats, signal);
  const review = await job.review(collected.changeset, context.config, stats.tableStats ? { tableStats: stats.tableStats } : undefined);
  Object.assign(
    review.stats.skipped,
    collected.notes,
    stats.note ? { stats: stats.note } : {},
    context.configError ? { config: `${context.configError}; the defaults were used` } : {},
  );
  signal.throwIfAborted();
  if (review.files.length === 0) {
    await complete('success', {
      title: 'No migrations changed',
      summary: 'This pull request changes no migration, model or dbarch config file, so there is nothing to review.',
    });
    return retractReview(job, context);
  }
  const failing = isFailing(review, context.config.failOn);
  const state = nextState(context, review, { failing, target: job.target, checkRunId: job.checkRunId });
  const ack = currentAck(state, target.headSha);
  await complete(
    conclusionOf(failing, ack),
    reviewOutput(review, { failing, failOn: context.config.failOn, ...(ack ? { ack } : {}) }),
    annotationsOf(review.findings),
  );
  // A superseded review leaves the comments to the newer one.
  signal.throwIfAborted();
  await publishConversation(job, context, review, { collected, state });
}

async function publishConversation(
  job: ReviewJob,
  context: PullRequestContext,
  review: Review,
  { collected, state }: { collected: Awaited<ReturnType<typeof collectChangeset>>; state: SummaryState },
): Promise<void> {
  const findings = fingerprint(review.findings, collected.sources);
  const plan = planInlineComments(findings, {
    diffs: collected.diffs,
    sources: collected.sources,
    posted: new Set(context.threads.map((thread) => thread.fingerprint)),
    limit: context.config.github.maxInlineComments,
  });
  const inline = await postInlineReview(job.github, job.target, plan, job.log);
  if (inline.failed > 0)
    review.stats.skipped['inline comments'] = `${inline.failed} could not be placed on the diff; those findings are listed here only.`;
  await resolveStaleThreads(job.github, context.threads, new Set(findings.map((entry) => entry.fingerprint)));
  const markdown = renderMarkdown(review, { maxLength: markdownBudget(state, GITHUB_COMMENT_LIMIT) });
  await upsertSummary(job.github, job.target, context.summary, composeSummary(markdown, state));
}

const NO_MIGRATIONS_HEADING = '## ✅ dbarch: no migrations changed';

/**
 * A pull request that changed migrations and no longer does: the summary says its review no longer
 * applies (keeping the state's acknowledgements), and dbarch's open threads are resolved.
 */
async function retractReview(job: ReviewJob, context: PullRequestContext): Promise<void> {
  if (!context.summary) return;
  await resolveStaleThreads(job.github, context.threads, new Set());
  // Said already (an earlier push without migrations): no edit per push.
  if (context.summary.body.includes(NO_MIGRATIONS_HEADING)) return;
  const previous = readSummaryState(context.summary.body);
  const state: SummaryState = {
    version: 1,
    headSha: job.target.headSha,
    checkRunId: job.checkRunId,
    risk: 'safe',
    failing: false,
    findings: [],
    acks: previous?.acks ?? [],
  };
  const markdown = [
    SUMMARY_MARKER,
    NO_MIGRATIONS_HEADING,
    `The latest push (${inlineCode(job.target.headSha.slice(0, 7))}) changes no migration, model or dbarch config file any more, so there is nothing to review: the earlier review of this pull request no longer applies.`,
    `<sub>dbarch ${toolInfo().version}</sub>`,
  ].join('\n\n');
  await upsertSummary(job.github, job.target, context.summary, composeSummary(markdown, state));
}

function nextState(
  context: PullRequestContext,
  review: Review,
  options: { failing: boolean; target: PullRequestTarget; checkRunId: number },
): SummaryState {
  const previous = readSummaryState(context.summary?.body);
  return {
    version: 1,
    headSha: options.target.headSha,
    checkRunId: options.checkRunId,
    risk: review.risk,
    failing: options.failing,
    findings: review.findings.map((finding) => [finding.ruleId, finding.path, finding.line, finding.endLine, finding.severity]),
    acks: previous?.acks ?? [],
  };
}
