/** The ordered levels every finding and review carries: risk and severity. */

/** How bad a change is for a running production database, in increasing order. */
export type Risk = 'safe' | 'downtime' | 'destructive';
export const RISKS: readonly Risk[] = ['safe', 'downtime', 'destructive'];

/** How loudly a finding asks for action, in increasing order. */
export type Severity = 'notice' | 'warning' | 'error';
export const SEVERITIES: readonly Severity[] = ['notice', 'warning', 'error'];

/** Returns the higher of two ordered levels. */
export function maxLevel<T extends string>(order: readonly T[], a: T, b: T): T {
  return order.indexOf(a) >= order.indexOf(b) ? a : b;
}

export function maxRisk(risks: Iterable<Risk>): Risk {
  let result: Risk = 'safe';
  for (const risk of risks) result = maxLevel(RISKS, result, risk);
  return result;
}
