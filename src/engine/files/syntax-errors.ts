import type { ParsedSql } from '../../parse/sql/parse-sql.js';
import notReviewed from '../../rules/not-reviewed.js';
import { ruleFinding } from '../../rules/api/rule-finding.js';
import syntaxError from '../../rules/syntax-error.js';
import type { RuleFinding } from '../../review-types/index.js';

/**
 * The statements PostgreSQL's parser rejected, as `syntax-error` findings at the statement's range
 * (SQL migrations, and the SQL an Alembic revision generates). A statement nested too deep to
 * analyse is `not-reviewed`: fail closed, never a silent pass.
 */
export function syntaxErrorFindings(path: string, parsed: ParsedSql): RuleFinding[] {
  return parsed.errors.map((error) => {
    const place = { path, ...error.range };
    if (error.tooDeep) {
      return ruleFinding(notReviewed, place, {
        message: `dbarch did not review this statement: ${error.message}. What it does is unknown, so it cannot pass as safe; simplify the expression or review it by hand.`,
      });
    }
    return ruleFinding(syntaxError, place, {
      message: `PostgreSQL cannot parse this statement: ${error.message}. The migration stops here; statements after it are still reviewed.`,
    });
  });
}
