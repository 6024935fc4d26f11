import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The corpora `npm run corpora` fetches (git-ignored); tests over them skip when they are absent. */
export const CORPORA = join(process.cwd(), '.corpora');

/** The paths (relative to CORPORA) a list file names that exist; none when the list is absent. */
export function corpusPaths(list: string): string[] {
  const file = join(CORPORA, list);
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .filter((path) => existsSync(join(CORPORA, path)));
}
