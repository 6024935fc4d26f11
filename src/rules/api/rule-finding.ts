import type { ReportFields } from './report.js';
import type { FindingSource, RuleFinding } from '../../review-types/index.js';
import type { Rule } from './define-rule.js';

/**
 * Every finding is made here, from the rule object it belongs to: a rule's check reporting on a
 * statement, the parser's syntax errors, suppression problems, fail-closed files, the dry run's
 * observations. The rule's severity, risk and help apply unless the report says otherwise, so a
 * rule's docs, config settings and defaults work the same whoever found the problem.
 */

/** Where a finding is: 1-based lines and UTF-16 columns in the head version of the file. */
export interface FindingPlace {
  path: string;
  line: number;
  endLine: number;
  column?: number;
  endColumn?: number;
  /** The statement (or model anchor) it belongs to, for suppressions and the risk roll-up. */
  statementIndex?: number;
}

export type FindingReport = ReportFields;

export function ruleFinding(
  rule: Pick<Rule, 'id' | 'severity' | 'risk' | 'help'>,
  place: FindingPlace,
  report: FindingReport,
  source: FindingSource = 'rule',
): RuleFinding {
  return {
    ruleId: rule.id,
    source,
    severity: report.severity ?? rule.severity,
    risk: report.risk ?? rule.risk,
    path: place.path,
    line: place.line,
    endLine: place.endLine,
    ...(place.column !== undefined ? { column: place.column, endColumn: place.endColumn ?? place.column } : {}),
    message: report.message,
    help: report.help ?? rule.help,
    ...(report.fix ? { fix: report.fix } : {}),
    ...(place.statementIndex !== undefined ? { statementIndex: place.statementIndex } : {}),
  };
}
