import { analyzeStatements, type RuleFinding } from '../analysis/analyze-statements.js';
import type { SchemaFacts } from '../analysis/schema-facts.js';
import { forwardPart, runsInImplicitTransaction, transactionWrapping } from '../classify/migration-tool.js';
import type { Config } from '../config/schema.js';
import { deferOverlaps } from '../findings/defer-overlaps.js';
import { applyRuleSettings } from '../findings/rule-settings.js';
import { findSuppression, readSuppressions, type Suppression } from '../findings/suppressions.js';
import { parseSql, type ParsedSql, type SqlStatement } from '../parse/sql/parse-sql.js';
import type { Rule } from '../rules/define-rule.js';
import type { EditedMigration } from '../rules/rule-context.js';
import { ruleDocsUrl } from '../rules/support/docs-url.js';
import { compareStatements } from './unchanged-statements.js';
import type { FileKind, Finding, FileReview, MigrationTool, Risk } from '../review-types/index.js';
import { maxRisk } from '../review-types/index.js';

/**
 * Reviews one SQL migration file: parse → rules (with the shared facts) → syntax errors →
 * config severities → suppressions → risk per statement and for the file. Mutates `facts` with
 * what the file creates, so later files of the change see it.
 */

export interface SqlFileInput {
  path: string;
  content: string;
  kind: FileKind;
  tool: MigrationTool;
  /**
   * Set when the file exists at the base and the change edits it (an applied migration): `content`
   * is its base version (undefined when it could not be read). Only changed statements are reviewed.
   */
  applied?: { content?: string };
}

export interface SqlFileContext {
  config: Config;
  rules: readonly Rule[];
  facts: SchemaFacts;
}

export interface SqlFileResult extends FileReview {
  suppressed: number;
}

export function reviewSqlFile(input: SqlFileInput, context: SqlFileContext): SqlFileResult {
  return analyzeSqlFile(input, parseSqlFile(input), context);
}

/** The parse half of reviewSqlFile: needs no facts, so it can run ahead (the parallel review does). */
export function parseSqlFile(input: SqlFileInput): ParsedSql {
  return parseSql(forwardPart(input.tool, input.content));
}

/** The rest of reviewSqlFile, on the file parsed by parseSqlFile; reads and updates `context.facts` in order. */
export function analyzeSqlFile(input: SqlFileInput, parsed: ParsedSql, context: SqlFileContext): SqlFileResult {
  const implicitTransaction = transactionDefault(input, context.config, parsed.statements);
  const edited = editedMigration(input, parsed);
  const analysis = analyzeStatements(parsed, {
    file: {
      path: input.path,
      tool: input.tool,
      implicitTransaction,
      wrapping: transactionWrapping(input.tool, input.content),
      ...(edited ? { edited } : {}),
    },
    pgVersion: context.config.pgVersion,
    rules: context.rules,
    facts: context.facts,
  });
  const enabled = new Set(context.rules.map((rule) => rule.id));
  const raw = deferOverlaps([...analysis.findings, ...syntaxErrorFindings(input.path, parsed)], context.rules).filter((finding) =>
    enabled.has(finding.ruleId),
  );
  const configured = applyRuleSettings(raw, context.config);
  const suppressions = readSuppressions(parsed);
  const kept = configured.filter((finding) => !findSuppression(suppressions, finding.ruleId, finding.statementIndex));
  if (edited) excuseUnreviewedSuppressions(suppressions, edited);
  const suppressionFindings = suppressionProblems(input.path, suppressions).filter((finding) => enabled.has(finding.ruleId));
  const findings = [...kept, ...applyRuleSettings(suppressionFindings, context.config)];
  const risks = risksByStatement(findings);
  analysis.statements.forEach((statement, index) => {
    statement.risk = maxRisk(risks.get(index) ?? []);
  });
  return {
    path: input.path,
    kind: input.kind,
    tool: input.tool,
    risk: maxRisk(findings.map((finding) => finding.risk)),
    findings: findings.map(publicFinding),
    statements: analysis.statements,
    suppressed: configured.length - kept.length,
  };
}

/** What an edited applied migration leaves unchanged (see unchanged-statements.ts); undefined for other files. */
export function editedMigration(input: SqlFileInput, parsed: ParsedSql): EditedMigration | undefined {
  if (!input.applied) return undefined;
  if (input.applied.content === undefined) return { unchanged: new Set(), changed: parsed.statements.length, removed: 0, compared: false };
  const previous = parseSql(forwardPart(input.tool, input.applied.content));
  return { ...compareStatements(parsed.statements, previous.statements), compared: true };
}

/**
 * A suppression on a statement that is not reviewed again (or, in an edited file, for the whole
 * file) may silence nothing now only because the rules skipped what it was written for: it is not
 * reported as unused.
 */
export function excuseUnreviewedSuppressions(suppressions: readonly Suppression[], edited: EditedMigration): void {
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

function transactionDefault(input: SqlFileInput, config: Config, statements: readonly SqlStatement[]): boolean {
  const mode = config.migrations.transaction;
  if (mode === 'always') return true;
  if (mode === 'never') return false;
  return runsInImplicitTransaction(input.tool, input.content, statements);
}

export function syntaxErrorFindings(path: string, parsed: ParsedSql): RuleFinding[] {
  return parsed.errors.map((error) => ({
    ...(error.tooDeep ? tooDeepFinding(error.message) : { ruleId: 'syntax-error', message: syntaxErrorMessage(error.message) }),
    source: 'rule',
    severity: 'error',
    risk: 'safe',
    path,
    line: error.range.line,
    endLine: error.range.endLine,
    column: error.range.column,
    endColumn: error.range.endColumn,
  }));
}

function syntaxErrorMessage(reason: string): string {
  return `PostgreSQL cannot parse this statement: ${reason}. The migration stops here; statements after it are still reviewed.`;
}

/** Fail closed: a statement too deep to analyse is a finding that counts (not-reviewed), not a silent pass. */
function tooDeepFinding(reason: string): { ruleId: string; message: string } {
  return {
    ruleId: 'not-reviewed',
    message: `dbarch did not review this statement: ${reason}. What it does is unknown, so it cannot pass as safe; simplify the expression or review it by hand.`,
  };
}

export function suppressionProblems(path: string, suppressions: readonly Suppression[]): RuleFinding[] {
  const problems: RuleFinding[] = [];
  const at = (suppression: Suppression) => ({
    source: 'rule' as const,
    severity: 'warning' as const,
    risk: 'safe' as const,
    path,
    line: suppression.line,
    endLine: suppression.line,
    column: suppression.column,
    endColumn: suppression.endColumn,
  });
  for (const suppression of suppressions) {
    if (!suppression.reason) {
      problems.push({
        ...at(suppression),
        ruleId: 'suppression-without-reason',
        message: `This dbarch-ignore comment gives no reason. Say why the risk is acceptable after a colon, e.g. "-- dbarch-ignore ${suppression.ruleIds[0] ?? 'rule-id'}: the table holds 40 rows".`,
      });
    }
    const unused = suppression.ruleIds.filter((ruleId) => !suppression.used.has(ruleId));
    if (unused.length > 0) {
      const where = suppression.scope === 'file' ? 'anywhere in this file' : 'on the statement after it';
      problems.push({
        ...at(suppression),
        ruleId: 'unused-suppression',
        message: `This dbarch-ignore comment silences nothing: ${unused.map((id) => `"${id}"`).join(', ')} reported no finding ${where}. Remove it or correct the rule id.`,
      });
    }
  }
  return problems;
}

export function publicFinding(finding: RuleFinding): Finding {
  const { statementIndex: _statementIndex, ...rest } = finding;
  return { ...rest, docsUrl: rest.docsUrl ?? ruleDocsUrl(rest.ruleId) };
}
