import type { Config } from '../../config/schema.js';
import { traceFindings } from '../../dry-run/trace/dry-run-findings.js';
import type { DryRunFileInput, DryRunResult, FileTrace } from '../../dry-run/types.js';
import { addFindings, rollUpRisk, statementAtLine } from '../../findings/finish-file.js';
import { RISKS, type FileReview, type Finding, type StatementReport } from '../../review-types/index.js';
import type { DryRunEvidence } from './dry-run.js';

/**
 * Step 7 of review(), first half: the dry run's evidence merged into the file reviews it traced.
 * Observed locks replace the static model's, rewrites, schema changes and durations are attached,
 * a rewrite rule's downtime verdict becomes a notice where no rewrite was seen, and the dry run's
 * findings are added through finishFile's addFindings (config settings, risk roll-up).
 */
export function mergeDryRun(files: FileReview[], evidence: DryRunEvidence, config: Config): void {
  const { result, input } = evidence;
  if (!result || !input) return;
  const traces = new Map(result.files.map((trace) => [trace.path, trace]));
  const inputs = new Map(input.changes.map((change) => [change.path, change.statements]));
  for (const file of files) {
    const trace = traces.get(file.path);
    if (trace) mergeFileTrace(file, trace, result, config, inputs.get(file.path) ?? []);
  }
}

function mergeFileTrace(
  file: FileReview,
  trace: FileTrace,
  result: DryRunResult,
  config: Config,
  inputs: readonly DryRunFileInput['statements'][number][],
): void {
  const templated = inputs.filter((statement) => statement.templated).map((statement) => statement.index);
  const altersColumnType = inputs.filter((statement) => statement.references?.altersColumnType).map((statement) => statement.index);
  for (const statement of trace.statements) {
    const report = file.statements[statement.index];
    if (report) report.dryRun = statement.status;
    if (!report || statement.status !== 'ok') continue;
    if (statement.locksObserved) report.locks = statement.locks;
    report.locksObserved = statement.locksObserved;
    report.rewrites = statement.rewrites;
    if (statement.columns) report.columns = statement.columns;
    if (statement.constraints) report.constraints = statement.constraints;
    if (statement.durationMs !== undefined) report.durationMs = Math.round(statement.durationMs * 10) / 10;
  }
  lowerRewriteVerdicts(file, trace, result.engine, config);
  const findings = traceFindings(trace, {
    path: file.path,
    base: result.base,
    engine: result.engine,
    ruleReported: statementsWithRisk(file, 'downtime'),
    kinds: new Map(file.statements.map((report, index) => [index, report.kind])),
    templated: new Set(templated),
    altersColumnType: new Set(altersColumnType),
  });
  addFindings(
    file,
    findings.filter((finding) => concernsReviewedCode(file, finding)),
    config,
  );
}

/** Dry-run findings that say the review is incomplete stand wherever they are. */
const REVIEW_FAILURES = new Set(['dry-run-failed', 'dry-run-timeout', 'dry-run-incomplete-base']);

/**
 * An edited applied migration's unchanged statements ran where it was applied: the dry run runs
 * them (later statements need what they create), but only a failure there is worth a finding.
 */
function concernsReviewedCode(file: FileReview, finding: Pick<Finding, 'ruleId' | 'line'>): boolean {
  return REVIEW_FAILURES.has(finding.ruleId) || !statementAtLine(file.statements, finding.line)?.unchanged;
}

/**
 * Rules whose only concern is a table rewrite. When the dry run ran the statement in a transaction
 * and saw no relfilenode change (table or index), their downtime verdict becomes a notice: the
 * ACCESS EXCLUSIVE lock is then a brief catalog change. Destructive verdicts (data loss) stand.
 */
const REWRITE_RULES = new Set(['alter-column-type', 'add-column-rewrite', 'add-column-volatile-default']);
/** ALTER COLUMN TYPE's no-rewrite cases have been the same since PostgreSQL 12 (timestamptz in UTC). */
const SAME_REWRITE_RULES_SINCE = 12;

function lowerRewriteVerdicts(file: FileReview, trace: FileTrace, engine: string, config: Config): void {
  if (config.pgVersion < SAME_REWRITE_RULES_SINCE) return;
  const traces = new Map(trace.statements.map((statement) => [statement.index, statement]));
  const lowered = new Set<StatementReport>();
  for (const finding of file.findings) {
    if (finding.source !== 'rule' || finding.risk !== 'downtime' || !REWRITE_RULES.has(finding.ruleId)) continue;
    const index = file.statements.findIndex((report) => report.line <= finding.line && finding.line <= report.endLine);
    const observed = traces.get(index);
    if (!observed || observed.status !== 'ok' || !observed.locksObserved || observed.rewrites.length > 0) continue;
    // A stand-in's column types are guesses: "no rewrite" on it says nothing about the real table.
    if (observed.standIns?.length) continue;
    const tables = observed.locks.map((lock) => `"${lock.relation}"`).join(', ') || 'the table';
    finding.risk = 'safe';
    finding.severity = 'notice';
    finding.message = `The dry run observed no rewrite of ${tables} (same storage before and after, indexes included; ${engine}), so the lock is brief. The rule's concern was: ${finding.message}`;
    lowered.add(file.statements[index]!);
  }
  if (lowered.size > 0) rollUpRisk(file, lowered);
}

/** Indexes of statements that a rule finding at or above `risk` already covers. */
function statementsWithRisk(file: FileReview, risk: FileReview['risk']): Set<number> {
  const covered = new Set<number>();
  for (const finding of file.findings) {
    if (RISKS.indexOf(finding.risk) < RISKS.indexOf(risk)) continue;
    const index = file.statements.findIndex((report) => report.line <= finding.line && finding.line <= report.endLine);
    if (index >= 0) covered.add(index);
  }
  return covered;
}
