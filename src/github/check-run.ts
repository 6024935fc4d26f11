import {
  ANNOTATIONS_PER_REQUEST,
  batches,
  CHECK_NAME,
  truncate,
  CHECK_TEXT_LIMIT,
  type Annotation,
  type CheckOutput,
  type Conclusion,
} from './check-output.js';
import type { GitHub, PullRequestTarget } from './target.js';

/**
 * The button on a check that could not finish: GitHub sends `check_run.requested_action` with this
 * identifier when it is pressed, and dbarch reviews the head again.
 */
export const RERUN_ACTION = {
  label: 'Re-run review',
  description: 'Review this commit again',
  identifier: 'dbarch-rerun',
} as const;

/** The `dbarch` check run: created in progress at once, completed exactly once per run. */
export async function createCheckRun(github: GitHub, target: PullRequestTarget): Promise<number> {
  const { data } = await github.rest.checks.create({
    owner: target.owner,
    repo: target.repo,
    name: CHECK_NAME,
    head_sha: target.headSha,
    status: 'in_progress',
    output: { title: 'Reviewing migrations…', summary: 'dbarch is reviewing the migrations in this pull request.' },
  });
  return data.id;
}

/**
 * Completes the check with the first 50 annotations, then appends the rest 50 at a time (GitHub
 * keeps the annotations of earlier updates). The check is complete before the extra batches go.
 */
export async function completeCheckRun(
  github: GitHub,
  target: PullRequestTarget,
  checkRunId: number,
  result: { conclusion: Conclusion; output: CheckOutput; annotations?: Annotation[]; actions?: (typeof RERUN_ACTION)[] },
): Promise<void> {
  const [first = [], ...rest] = batches(result.annotations ?? [], ANNOTATIONS_PER_REQUEST);
  const output = {
    title: result.output.title,
    summary: truncate(result.output.summary, CHECK_TEXT_LIMIT),
    ...(result.output.text !== undefined ? { text: truncate(result.output.text, CHECK_TEXT_LIMIT) } : {}),
  };
  await github.rest.checks.update({
    owner: target.owner,
    repo: target.repo,
    check_run_id: checkRunId,
    status: 'completed',
    conclusion: result.conclusion,
    output: { ...output, ...(first.length > 0 ? { annotations: first } : {}) },
    ...(result.actions ? { actions: [...result.actions] } : {}),
  });
  for (const batch of rest) {
    await github.rest.checks.update({
      owner: target.owner,
      repo: target.repo,
      check_run_id: checkRunId,
      output: { title: output.title, summary: output.summary, annotations: batch },
    });
  }
}
