import type { ZodError } from 'zod';

/**
 * zod's issues as sentences a person fixing `.github/dbarch.yml` can act on: the key, what was
 * wrong, and the allowed values (zod alone says "Invalid input" for a bad rule setting).
 */
export function describeIssue(issue: ZodError['issues'][number]): string {
  const key = issue.path.length > 0 ? issue.path.join('.') : '(top level)';
  if (issue.code === 'unrecognized_keys') {
    const prefix = issue.path.length > 0 ? `${issue.path.join('.')}.` : '';
    return `unknown key ${issue.keys.map((name) => `"${prefix}${name}"`).join(', ')}`;
  }
  if (issue.code === 'invalid_union' && issue.path[0] === 'rules') {
    return `"${key}": expected off, notice, warning, error, or { severity: off|notice|warning|error, risk: safe|downtime|destructive }`;
  }
  if (issue.code === 'invalid_value') return `"${key}": expected one of ${issue.values.map((value) => String(value)).join(', ')}`;
  return `"${key}": ${issue.message}`;
}
