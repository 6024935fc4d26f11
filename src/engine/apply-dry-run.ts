import { forwardPart } from '../classify/migration-tool.js';
import type { Config } from '../config/schema.js';
import { traceFindings } from '../dry-run/trace/dry-run-findings.js';
import type { DryRunFileInput, DryRunInput, DryRunResult, DryRunner, FileTrace } from '../dry-run/types.js';
import { applyRuleSettings } from '../findings/rule-settings.js';
import { statementReferences } from '../dry-run/trace/statement-references.js';
import { parseSql } from '../parse/sql/parse-sql.js';
import { maskPlaceholders, placeholderSchemas } from '../parse/sql/placeholders.js';
import { ruleDocsUrl } from '../rules/support/docs-url.js';
import { baseBeforeChange } from './base-migrations.js';
import type { Changeset, DryRunSummary, FileReview, Finding, StatementReport } from '../review-types/index.js';
import { maxRisk, RISKS } from '../review-types/index.js';

/**
 * Pipeline stage "dry run": builds the dry run's input from the reviewed files (statements with
 * their transaction state and the tables the static model says they touch), runs it, and merges
 * the evidence into the file reviews: observed locks replace the static model's, rewrites and
 * durations are attached, dry-run findings are added, risks recomputed. Mutates `files`.
 */

export interface DryRunStageResult {
  result?: DryRunResult;
  /** For Review.dryRun. */
  summary?: DryRunSummary;
  /** Why the dry run did not run or trace (for Review.stats.skipped["dry-run"]). */
  skipped?: string;
}

export async function runDryRunStage(
  changeset: Changeset,
  config: Config,
  files: FileReview[],
  runner: DryRunner,
): Promise<DryRunStageResult> {
  const { input, placeholderSchemas: schemas } = dryRunInput(changeset, config, files);
  if (input.changes.length === 0) return { skipped: 'no SQL migration to run' };
  let result: DryRunResult;
  try {
    result = await runner.run(input);
  } catch (error) {
    // Runners report their own failures as notes; this is the last guard: the review goes on.
    return { skipped: `the dry run failed: ${(error as Error).message}` };
  }
  applyDryRun(files, result, config, input);
  const skipped = result.base.built ? undefined : result.notes.join('; ') || 'the base schema could not be built';
  const summary = dryRunSummary(result);
  if (schemas.length > 0) {
    // Counted as a base file by the runner, but no migration of the repository.
    summary.base.files -= 1;
    summary.notes.push(`schemas that placeholders name were created first, as their tool would: ${schemas.join(', ')}`);
  }
  return { result, summary, ...(skipped ? { skipped } : {}) };
}

const BASE_SKIPS_LISTED = 5;

export function dryRunSummary(result: DryRunResult): DryRunSummary {
  const { base } = result;
  const skips = base.skipped
    .slice(0, BASE_SKIPS_LISTED)
    .map((note) => `base ${note.path}${note.line ? `:${note.line}` : ''}: ${note.message}`);
  if (base.skipped.length > BASE_SKIPS_LISTED)
    skips.push(`… and ${base.skipped.length - BASE_SKIPS_LISTED} more base statement(s) skipped`);
  return {
    engine: result.engine,
    base: {
      files: base.files,
      statements: base.statements,
      skipped: base.skipped.length,
      built: base.built,
      cached: base.cached,
      durationMs: base.durationMs,
    },
    durationMs: result.durationMs,
    notes: [...result.notes, ...skips, ...standInNotes(result), ...uncheckedNotes(result)],
  };
}

/** Which relations the trace made up because the base lacked them (stand-ins.ts). */
function standInNotes(result: DryRunResult): string[] {
  return result.files
    .filter((file) => file.standIns?.length)
    .map((file) => `${file.path}: traced on stand-ins for objects the base lacks: ${file.standIns!.join(', ')}`);
}

/**
 * Statements the trace did not run (server guard, privileges, missing objects) and those it traced
 * only after taking its sample rows out, so every output format lists them.
 */
function uncheckedNotes(result: DryRunResult): string[] {
  const notes: string[] = [];
  for (const file of result.files) {
    for (const statement of file.statements) {
      if (!statement.note || statement.note.startsWith('transaction control')) continue;
      if (statement.status === 'skipped') notes.push(`${file.path}:${statement.line} not run: ${statement.note}`);
      else if (statement.status === 'ok') notes.push(`${file.path}:${statement.line} ${statement.note}`);
    }
  }
  return notes;
}

/** The dry run's input, and the schemas placeholders name that its first base file creates. */
export function dryRunInput(
  changeset: Changeset,
  config: Config,
  files: readonly FileReview[],
): { input: DryRunInput; placeholderSchemas: string[] } {
  // The same base the rules learned the schema from (base-migrations.ts): no rollback scripts, and
  // no old version of a file the change edits (its head version runs among the changes).
  const base = baseBeforeChange(changeset, config);
  const contents = new Map(changeset.files.map((file) => [file.path, file.content]));
  const changes: DryRunFileInput[] = [];
  for (const file of files) {
    const content = contents.get(file.path);
    if (file.skipped || content === undefined || file.statements.length === 0) continue;
    if (file.kind !== 'sql-migration' && file.kind !== 'prisma-migration') continue;
    changes.push({ path: file.path, statements: statementInputs(file, content) });
  }
  // Schemas named by placeholders exist before the first migration, as the tool creates them.
  const schemas = placeholderSchemas([...base, ...changeset.files].flatMap((file) => (file.content === undefined ? [] : [file.content])));
  // A path no migration can have, so it is never taken for one of the repository's files.
  if (schemas.length > 0)
    base.unshift({ path: '(schemas named by placeholders)', content: schemas.map((name) => `CREATE SCHEMA ${name};\n`).join('') });
  // Against a git ref the base is the whole history; named PATHs may run on tables no reviewed file creates.
  const baseComplete = changeset.mode !== 'paths';
  return { input: { base, changes, baseComplete }, placeholderSchemas: schemas };
}

/** The reviewed statements with their text (the reports are in parse order; checked by line). */
function statementInputs(file: FileReview, content: string): DryRunFileInput['statements'] {
  const parsed = parseSql(forwardPart(file.tool ?? 'plain', content));
  return file.statements.flatMap((report, index) => {
    const statement = parsed.statements[index];
    if (!statement || statement.range.line !== report.line) return [];
    // Placeholders run as stand-in names, the same in every file of the change and of the base.
    const text = maskPlaceholders(statement.text);
    const references = statementReferences(statement.kind, statement.ast);
    return [
      {
        index,
        text,
        ...(text === statement.text ? {} : { templated: true }),
        line: report.line,
        endLine: report.endLine,
        inTransaction: report.inTransaction,
        kind: report.kind,
        relations: report.locks.map((lock) => lock.relation),
        ...(references ? { references } : {}),
      },
    ];
  });
}

/** Merges a dry run's result into the file reviews it traced; `input` says which statements held placeholders. */
function applyDryRun(files: FileReview[], result: DryRunResult, config: Config, input: DryRunInput): void {
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
  const reviewed = findings.filter((finding) => concernsReviewedCode(file, finding));
  const added: Finding[] = applyRuleSettings(reviewed, config).map((finding) => ({ ...finding, docsUrl: ruleDocsUrl(finding.ruleId) }));
  file.findings.push(...added);
  for (const finding of added) {
    const report = statementAt(file.statements, finding.line);
    if (report) report.risk = maxRisk([report.risk, finding.risk]);
  }
  file.risk = maxRisk(file.findings.map((finding) => finding.risk));
}

/** Dry-run findings that say the review is incomplete stand wherever they are. */
const REVIEW_FAILURES = new Set(['dry-run-failed', 'dry-run-timeout', 'dry-run-incomplete-base']);

/**
 * An edited applied migration's unchanged statements ran where it was applied: the dry run runs
 * them (later statements need what they create), but only a failure there is worth a finding.
 */
function concernsReviewedCode(file: FileReview, finding: Pick<Finding, 'ruleId' | 'line'>): boolean {
  return REVIEW_FAILURES.has(finding.ruleId) || !statementAt(file.statements, finding.line)?.unchanged;
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
  for (const report of lowered) {
    report.risk = maxRisk(
      file.findings.filter((finding) => report.line <= finding.line && finding.line <= report.endLine).map((finding) => finding.risk),
    );
  }
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

function statementAt(statements: readonly StatementReport[], line: number): StatementReport | undefined {
  return statements.find((report) => report.line <= line && line <= report.endLine);
}
