import type { RuleFinding } from '../../review-types/index.js';
import { finishFile, type FileOutcome, type FinishContext } from '../../findings/finish-file.js';
import { readSuppressions } from '../../findings/suppressions.js';
import type { ReportFields } from '../../rules/api/report.js';
import type { Span } from '../../parse/python/python-values.js';
import type { LineIndex } from '../../parse/sql/source-text.js';
import type { FileKind, Risk, Severity } from '../../review-types/index.js';

/**
 * The shared end of reviewing a file that declares schema rather than changing it (SQLAlchemy/
 * SQLModel models, schema.prisma): findings placed by source offsets, one per rule and place,
 * then finishFile (config severities, suppressions, risk). A `dbarch-ignore` comment silences the next "anchor" (a
 * class, an attribute, a model, a field) and whatever is reported inside it.
 */

export interface DeclaredFinding {
  ruleId: string;
  severity: Severity;
  risk: Risk;
  message: string;
  span: Span;
  help?: string;
  fix?: RuleFinding['fix'];
}

/** What a model or Prisma rule reports, before it is placed in the file. */
export interface DeclaredReport extends ReportFields {
  span: Span;
}

/** A rule's report with the rule's own severity, risk and help filled in where the report leaves them. */
export function declaredFinding(
  rule: { id: string; severity: Severity; risk: Risk; help: string },
  report: DeclaredReport,
): DeclaredFinding {
  return {
    ruleId: rule.id,
    severity: report.severity ?? rule.severity,
    risk: report.risk ?? rule.risk,
    message: report.message,
    span: report.span,
    help: report.help ?? rule.help,
    ...(report.fix ? { fix: report.fix } : {}),
  };
}

export interface DeclaredFile {
  path: string;
  kind: FileKind;
  lines: LineIndex;
  comments: ReadonlyArray<{ start: number; end: number; text: string }>;
  anchors: readonly Span[];
}

export function finishDeclaredFile(file: DeclaredFile, reported: readonly DeclaredFinding[], context: FinishContext): FileOutcome {
  const anchors = orderedAnchors(file.anchors);
  // Findings made by the review itself (syntax errors, missing migrations) take their rule's help.
  const helpOf = new Map(context.rules.map((rule) => [rule.id, rule.help]));
  const findings = uniqueFindings(reported).map((item) => locate(file, anchors, { ...item, help: item.help ?? helpOf.get(item.ruleId) }));
  const suppressions = readSuppressions({ lines: file.lines, comments: [...file.comments], statements: anchors });
  return finishFile({ path: file.path, kind: file.kind, statements: [], findings, suppressions }, context);
}

/** A mixin's column is reported once, not once per table that inherits it. */
function uniqueFindings(reported: readonly DeclaredFinding[]): DeclaredFinding[] {
  const seen = new Set<string>();
  return reported.filter((item) => {
    const key = `${item.ruleId}@${item.span.start}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function orderedAnchors(spans: readonly Span[]): Array<Span & { index: number }> {
  const unique = [...new Map(spans.map((span) => [span.start, span])).values()].sort((a, b) => a.start - b.start);
  return unique.map((span, index) => ({ ...span, index }));
}

/** The innermost anchor containing the finding: the attribute rather than its class. */
function locate(file: DeclaredFile, anchors: ReadonlyArray<Span & { index: number }>, item: DeclaredFinding): RuleFinding {
  const range = file.lines.range(item.span.start, item.span.end);
  const anchor = anchors.filter((candidate) => candidate.start <= item.span.start && item.span.start < candidate.end).pop();
  return {
    ruleId: item.ruleId,
    source: 'rule',
    severity: item.severity,
    risk: item.risk,
    path: file.path,
    line: range.line,
    endLine: range.endLine,
    column: range.column,
    endColumn: range.endColumn,
    message: item.message,
    ...(item.help ? { help: item.help } : {}),
    ...(item.fix ? { fix: item.fix } : {}),
    ...(anchor ? { statementIndex: anchor.index } : {}),
  };
}
