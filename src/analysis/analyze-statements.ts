import type { RelationLock, RuleFinding, StatementReport } from '../review-types/index.js';
import type { ParsedSql, SqlStatement } from '../parse/sql/parse-sql.js';
import type { Rule, RuleReport } from '../rules/api/define-rule.js';
import type { FileInfo, StatementContext } from '../rules/api/sql-context.js';
import { ruleFinding } from '../rules/api/rule-finding.js';
import type { SchemaFacts } from './schema-facts.js';
import { SessionTracker } from './session-state.js';
import { tableLocks } from './table-locks.js';

/**
 * Runs the rules over one file's statements in order, keeping the schema facts and the session
 * state current between statements. Produces raw rule findings (before suppressions and config)
 * and the per-statement report (locks, transaction) that the summary shows.
 */

export interface StatementAnalysis {
  findings: RuleFinding[];
  statements: StatementReport[];
}

export interface AnalyzeOptions {
  file: FileInfo;
  pgVersion: number;
  rules: readonly Rule[];
  facts: SchemaFacts;
}

export function analyzeStatements(parsed: ParsedSql, options: AnalyzeOptions): StatementAnalysis {
  const { file, pgVersion, rules, facts } = options;
  const findings: RuleFinding[] = [];
  const reports: StatementReport[] = [];
  const tracker = new SessionTracker(file.implicitTransaction);
  const reportedOnce = new Set<string>();
  const emit = (rule: Rule, statement: SqlStatement | undefined, report: RuleReport): void => {
    if (rule.oncePerFile && reportedOnce.has(rule.id)) return;
    reportedOnce.add(rule.id);
    findings.push(toFinding(rule, file.path, parsed, statement, report));
  };
  // One reporter per rule for the whole file (not one closure per rule per statement: data-heavy
  // files have 10⁵ statements); `current` is the statement being checked.
  let current: SqlStatement | undefined;
  const statementRules = rules
    .filter((rule) => rule.checkStatement)
    .map((rule) => ({ rule, report: (report: RuleReport) => emit(rule, current, report) }));
  // An edited migration's unchanged statements ran where it was applied: they shape the session and
  // the facts for the statements after them, but no rule checks them again.
  const unchanged = file.edited?.unchanged;
  // One context for the file, brought up to date per statement and per rule, rather than a new
  // object per rule per statement (10⁵ statements × 59 rules made millions of short-lived objects
  // for the garbage collector). Rules read it synchronously and keep no reference to it.
  let context: StatementContext | undefined;
  for (const statement of parsed.statements) {
    current = statement;
    const session = tracker.snapshot();
    const locks = tableLocks(statement, facts);
    const existingLocks = locks.filter((lock) => !facts.isNewTable(lock.relation));
    const checked = !unchanged?.has(statement.index);
    if (checked) {
      const { transaction, settings } = session;
      context ??= {
        file,
        pgVersion,
        facts,
        statements: parsed.statements,
        statement,
        transaction,
        settings,
        locks,
        existingLocks,
        report: noReport,
      };
      Object.assign(context, { statement, transaction, settings, locks, existingLocks });
    }
    for (const { rule, report } of checked ? statementRules : []) {
      if (rule.oncePerFile && reportedOnce.has(rule.id)) continue; // its one report is made
      context!.report = report;
      rule.checkStatement!(context!);
    }
    reports.push(statementReport(statement, locks, session.transaction.inTransaction, checked));
    tracker.after(statement, existingLocks, statement.range.line);
    facts.apply(statement);
  }
  current = undefined;
  const final = tracker.snapshot();
  for (const rule of rules) {
    rule.checkFile?.({
      file,
      pgVersion,
      facts,
      transaction: final.transaction,
      statements: parsed.statements,
      report: (report) => emit(rule, undefined, report),
    });
  }
  return { findings, statements: reports };
}

const noReport = (): void => {};

function toFinding(rule: Rule, path: string, parsed: ParsedSql, statement: SqlStatement | undefined, report: RuleReport): RuleFinding {
  const range = report.lines
    ? { line: report.lines.line, endLine: report.lines.endLine }
    : statement
      ? statement.rangeAt(report.location, report.length)
      : { line: 1, column: 1, endLine: 1, endColumn: 1 };
  return ruleFinding(rule, { path, ...range, statementIndex: statement?.index ?? statementAtLine(parsed, range.line) }, report);
}

function statementAtLine(parsed: ParsedSql, line: number): number | undefined {
  return parsed.statements.find((statement) => statement.range.line <= line && line <= statement.range.endLine)?.index;
}

function statementReport(statement: SqlStatement, locks: RelationLock[], inTransaction: boolean, checked: boolean): StatementReport {
  const firstLine = statement.text.split('\n', 1)[0]!;
  return {
    line: statement.range.line,
    endLine: statement.range.endLine,
    kind: statement.kind,
    summary: firstLine.length > 80 ? `${firstLine.slice(0, 77)}...` : firstLine,
    risk: 'safe',
    locks,
    inTransaction,
    ...(checked ? {} : { unchanged: true }),
  };
}
