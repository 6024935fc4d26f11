import { relative, sep } from 'node:path';

/**
 * A path as dbarch reports it: relative to the repository root (what config globs, SARIF's
 * %SRCROOT% and GitHub expect), with forward slashes on every platform.
 */
export function repositoryPath(root: string, absolutePath: string): string {
  return relative(root, absolutePath).split(sep).join('/');
}
