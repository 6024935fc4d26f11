import type { Config } from '../config/schema.js';
import type { Rule } from '../rules/api/define-rule.js';
import { ruleDocsUrl } from '../rules/support/docs-url.js';
import type { EditedMigration } from '../rules/api/sql-context.js';
import {
  maxRisk,
  type FileKind,
  type FileReview,
  type Finding,
  type MigrationTool,
  type Risk,
  type RuleFinding,
  type StatementReport,
} from '../review-types/index.js';
import { applyRuleSettings } from './rule-settings.js';
import { suppressionProblems } from './suppression-problems.js';
import { findSuppression, type Suppression } from './suppressions.js';

/**
 * The one place a file's findings are finished, whatever reviewed the file (SQL, Alembic, models,
 * Prisma, config) and whatever found them (rules, the parser, the dry run):
 *   1. findings of rules the config turns off are dropped, and the config's severity/risk apply;
 *   2. `dbarch-ignore` comments silence what they name, and report themselves when they give no
 *      reason or silence nothing;
 *   3. each statement's risk is the highest of its findings, the file's the highest of all.
 * Evidence merged after the review (the dry run) goes through `addFindings`, the same steps 1 and 3.
 */

export interface ReportedFile {
  path: string;
  kind: FileKind;
  tool?: MigrationTool;
  /** Index-aligned with the parsed statements that `findings[].statementIndex` points at; risks are set in place. */
  statements: StatementReport[];
  /** What the rules and the parser reported, in any order. */
  findings: readonly RuleFinding[];
  /** The file's dbarch-ignore comments (findings/suppressions.ts). */
  suppressions: readonly Suppression[];
  /**
   * The statement a finding's suppression is looked up at (default: its own). An Alembic op call
   * generates several statements: a comment above the call covers all of them.
   */
  suppressionTarget?: (statementIndex: number | undefined) => number | undefined;
  /** An edited applied migration: a suppression on a statement that is not reviewed again is not "unused". */
  edited?: EditedMigration;
}

export interface FileOutcome {
  review: FileReview;
  /** Findings silenced by dbarch-ignore comments (Review.stats.suppressed). */
  suppressed: number;
}

export interface FinishContext {
  config: Config;
  /** The rules that ran: a finding of any other rule (turned off in the config) is dropped. */
  rules: readonly Rule[];
}

export function finishFile(file: ReportedFile, context: FinishContext): FileOutcome {
  const enabled = new Set(context.rules.map((rule) => rule.id));
  const configured = applyRuleSettings(
    file.findings.filter((finding) => enabled.has(finding.ruleId)),
    context.config,
  );
  const target = file.suppressionTarget ?? ((index: number | undefined) => index);
  const kept = configured.filter((finding) => !findSuppression(file.suppressions, finding.ruleId, target(finding.statementIndex)));
  if (file.edited) excuseUnreviewedSuppressions(file.suppressions, file.edited);
  const problems = suppressionProblems(file.path, file.suppressions).filter((finding) => enabled.has(finding.ruleId));
  const findings = [...kept, ...applyRuleSettings(problems, context.config)];
  const risks = risksByStatement(findings);
  file.statements.forEach((statement, index) => {
    statement.risk = maxRisk(risks.get(index) ?? []);
  });
  return {
    review: {
      path: file.path,
      kind: file.kind,
      ...(file.tool ? { tool: file.tool } : {}),
      risk: maxRisk(findings.map((finding) => finding.risk)),
      findings: findings.map(publicFinding),
      statements: file.statements,
    },
    suppressed: configured.length - kept.length,
  };
}

/**
 * Findings that evidence gathered after the review adds to a finished file (the dry run's): the
 * config's settings apply, and the statement they are on (by line) and the file take their risk.
 */
export function addFindings(file: FileReview, reported: readonly Finding[], config: Config): void {
  const added = applyRuleSettings(reported, config).map(publicFinding);
  file.findings.push(...added);
  for (const finding of added) {
    const statement = statementAtLine(file.statements, finding.line);
    if (statement) statement.risk = maxRisk([statement.risk, finding.risk]);
  }
  file.risk = maxRisk(file.findings.map((finding) => finding.risk));
}

/** After evidence changed findings' risks (the dry run saw no rewrite): statements and the file take them again. */
export function rollUpRisk(file: FileReview, statements: Iterable<StatementReport> = file.statements): void {
  for (const statement of statements) {
    statement.risk = maxRisk(
      file.findings.filter((finding) => statement.line <= finding.line && finding.line <= statement.endLine).map((finding) => finding.risk),
    );
  }
  file.risk = maxRisk(file.findings.map((finding) => finding.risk));
}

export function statementAtLine(statements: readonly StatementReport[], line: number): StatementReport | undefined {
  return statements.find((statement) => statement.line <= line && line <= statement.endLine);
}

/**
 * A suppression on a statement that is not reviewed again (or, in an edited file, for the whole
 * file) may silence nothing now only because the rules skipped what it was written for: it is not
 * reported as unused.
 */
function excuseUnreviewedSuppressions(suppressions: readonly Suppression[], edited: EditedMigration): void {
  for (const suppression of suppressions) {
    const unreviewed =
      suppression.scope === 'file' || (suppression.statementIndex !== undefined && edited.unchanged.has(suppression.statementIndex));
    if (unreviewed) for (const ruleId of suppression.ruleIds) suppression.used.add(ruleId);
  }
}

/** Finding risks grouped by statement (one pass: data-load files have tens of thousands of both). */
function risksByStatement(findings: readonly RuleFinding[]): Map<number, Risk[]> {
  const risks = new Map<number, Risk[]>();
  for (const finding of findings) {
    if (finding.statementIndex === undefined) continue;
    const list = risks.get(finding.statementIndex);
    if (list) list.push(finding.risk);
    else risks.set(finding.statementIndex, [finding.risk]);
  }
  return risks;
}

/** The published shape: no statement index, and a link to the rule's docs. */
export function publicFinding(finding: RuleFinding): Finding {
  const { statementIndex: _statementIndex, ...rest } = finding;
  return { ...rest, docsUrl: rest.docsUrl ?? ruleDocsUrl(rest.ruleId) };
}
