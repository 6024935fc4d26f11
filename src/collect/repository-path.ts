import { isAbsolute, relative, sep } from 'node:path';

/**
 * A path as dbarch reports it: relative to the repository root (what config globs, SARIF's
 * %SRCROOT% and GitHub expect), with forward slashes on every platform. A file outside the root
 * (`dbarch review /tmp/export/migrations` run from a repository) keeps its absolute path: a
 * "../../tmp/…" path would match no folder glob (globs do not cross `..`), so a named folder there
 * would silently yield no files.
 */
export function repositoryPath(root: string, absolutePath: string): string {
  const path = relative(root, absolutePath);
  const outside = path === '..' || path.startsWith(`..${sep}`) || isAbsolute(path);
  return (outside ? absolutePath : path).split(sep).join('/');
}
