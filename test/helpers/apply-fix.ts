import { LineIndex } from '../../src/parse/sql/source-text.js';
import { loadSqlParser, parseSql } from '../../src/parse/sql/parse-sql.js';
import type { Finding } from '../../src/review-types/index.js';

/**
 * Applies a finding's exact fix to the SQL it was found in, the way an editor or a GitHub
 * suggestion would: the range line:column … endLine:endColumn is replaced by `fix.replacement`.
 */
export function applyFix(sql: string, finding: Finding): string {
  const replacement = finding.fix?.replacement;
  if (replacement === undefined || finding.column === undefined || finding.endColumn === undefined) {
    throw new Error(`finding of ${finding.ruleId} has no exact fix`);
  }
  const lines = new LineIndex(sql);
  const start = lines.lineStart(finding.line) + finding.column - 1;
  const end = lines.lineStart(finding.endLine) + finding.endColumn - 1;
  return sql.slice(0, start) + replacement + sql.slice(end);
}

/** Syntax errors PostgreSQL's parser reports for the text (empty when it parses). */
export async function syntaxErrors(sql: string): Promise<string[]> {
  await loadSqlParser();
  return parseSql(sql).errors.map((error) => error.message);
}
