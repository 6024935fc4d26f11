import suppressionWithoutReason from '../rules/suppression-without-reason.js';
import unusedSuppression from '../rules/unused-suppression.js';
import { ruleFinding } from '../rules/api/rule-finding.js';
import type { RuleFinding } from '../review-types/index.js';
import type { Suppression } from './suppressions.js';

/**
 * What is wrong with a file's dbarch-ignore comments once its findings are matched against them: a
 * comment without a reason, and rule ids that silenced nothing (a typo, or a hazard since fixed).
 */
export function suppressionProblems(path: string, suppressions: readonly Suppression[]): RuleFinding[] {
  const problems: RuleFinding[] = [];
  for (const suppression of suppressions) {
    const place = { path, line: suppression.line, endLine: suppression.line, column: suppression.column, endColumn: suppression.endColumn };
    if (!suppression.reason) {
      problems.push(
        ruleFinding(suppressionWithoutReason, place, {
          message: `This dbarch-ignore comment gives no reason. Say why the risk is acceptable after a colon, e.g. "-- dbarch-ignore ${suppression.ruleIds[0] ?? 'rule-id'}: the table holds 40 rows".`,
        }),
      );
    }
    const unused = suppression.ruleIds.filter((ruleId) => !suppression.used.has(ruleId));
    if (unused.length > 0) {
      const where = suppression.scope === 'file' ? 'anywhere in this file' : 'on the statement after it';
      problems.push(
        ruleFinding(unusedSuppression, place, {
          message: `This dbarch-ignore comment silences nothing: ${unused.map((id) => `"${id}"`).join(', ')} reported no finding ${where}. Remove it or correct the rule id.`,
        }),
      );
    }
  }
  return problems;
}
