import type { Finding } from '../review-types/index.js';

/** The order of findings everywhere a review lists them: path, line, column, rule. Renderers keep it. */
export function byLocation(a: Finding, b: Finding): number {
  return a.path.localeCompare(b.path) || a.line - b.line || (a.column ?? 0) - (b.column ?? 0) || a.ruleId.localeCompare(b.ruleId);
}
