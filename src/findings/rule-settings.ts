import type { Config } from '../config/schema.js';
import type { Finding } from '../review-types/index.js';

/**
 * Applies `rules:` from the config to findings: a rule set to `off` produces nothing, a severity
 * replaces the rule's own, `{ risk }` replaces its risk. (Rules set off are also not run at all;
 * this covers findings that come from the parse and suppression stages.)
 */
export function applyRuleSettings<T extends Finding>(findings: readonly T[], config: Config): T[] {
  const result: T[] = [];
  for (const finding of findings) {
    const setting = config.rules[finding.ruleId];
    if (setting === undefined) {
      result.push(finding);
    } else if (setting === 'off') {
      continue;
    } else if (typeof setting === 'string') {
      result.push({ ...finding, severity: setting });
    } else if (setting.severity !== 'off') {
      result.push({
        ...finding,
        ...(setting.severity ? { severity: setting.severity } : {}),
        ...(setting.risk ? { risk: setting.risk } : {}),
      });
    }
  }
  return result;
}

/** Whether the config turns a rule off entirely. */
export function isRuleOff(config: Config, ruleId: string): boolean {
  const setting = config.rules[ruleId];
  return setting === 'off' || (typeof setting === 'object' && setting.severity === 'off');
}
