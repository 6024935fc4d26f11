import type { ParsedSql, SqlStatement } from '../parse/sql/parse-sql.js';

/**
 * In-file suppressions, written as SQL comments (or as `#` comments in Python, `//` in schema.prisma):
 *   -- dbarch-ignore rule-id[, other-rule]: reason     silences those rules on the next statement
 *   -- dbarch-ignore-file rule-id[, other-rule]: reason silences them in the whole file
 * A suppression must give a reason, and one that silences nothing is reported: both keep
 * suppressions from outliving the code they were written for.
 */

export interface Suppression {
  ruleIds: string[];
  reason: string;
  scope: 'statement' | 'file';
  /** Statement the suppression applies to (scope "statement"); undefined when none follows. */
  statementIndex?: number;
  line: number;
  column: number;
  endColumn: number;
  /** Rule ids that actually silenced something. */
  used: Set<string>;
}

const DIRECTIVE = /^(?:--|#|\/\/)\s*dbarch-ignore(-file)?\b\s*([^:]*?)\s*(?::\s*(.*))?$/;

/** What suppressions are read from: a parsed SQL file, or a model file whose "statements" are its classes and attributes. */
export type SuppressionSource = Pick<ParsedSql, 'lines' | 'comments'> & {
  statements: ReadonlyArray<Pick<SqlStatement, 'start' | 'index'>>;
};

export function readSuppressions(parsed: SuppressionSource): Suppression[] {
  const suppressions: Suppression[] = [];
  for (const comment of parsed.comments) {
    const match = DIRECTIVE.exec(comment.text.trim());
    if (!match) continue;
    const position = parsed.lines.position(comment.start);
    const scope = match[1] ? 'file' : 'statement';
    suppressions.push({
      ruleIds: match[2]!.split(/[\s,]+/).filter(Boolean),
      reason: (match[3] ?? '').trim(),
      scope,
      statementIndex: scope === 'statement' ? nextStatementIndex(parsed, comment.end) : undefined,
      line: position.line,
      column: position.column,
      endColumn: position.column + comment.text.length,
      used: new Set(),
    });
  }
  return suppressions;
}

/** The suppression that silences a finding, if any (and records that it was used). */
export function findSuppression(
  suppressions: readonly Suppression[],
  ruleId: string,
  statementIndex: number | undefined,
): Suppression | undefined {
  const match = suppressions.find(
    (suppression) =>
      suppression.ruleIds.includes(ruleId) &&
      (suppression.scope === 'file' || (statementIndex !== undefined && suppression.statementIndex === statementIndex)),
  );
  match?.used.add(ruleId);
  return match;
}

function nextStatementIndex(parsed: SuppressionSource, offset: number): number | undefined {
  return parsed.statements.find((statement) => statement.start >= offset)?.index;
}
