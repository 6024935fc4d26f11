import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BaseFile, ChangedFile, Changeset } from '../../src/review-types/index.js';

/**
 * Changesets from test/fixtures/edited-migrations/<case>/: `base/` is the repository at the base
 * commit, another folder (`head/` by default) the same repository after the change. Built the way
 * the collectors build them: every base file is a base file, a path in both with other contents is
 * `modified`, a new path `added`, a missing one `removed`. `baseContent` is set as the git
 * collector sets it; without it (the GitHub collector for SQL files) the engine finds the base
 * version among the base files.
 */

export const EDITED_FIXTURES = fileURLToPath(new URL('../fixtures/edited-migrations/', import.meta.url));

export function readTree(folder: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (directory: string) => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) walk(path);
      else files.set(relative(folder, path).split('\\').join('/'), readFileSync(path, 'utf8'));
    }
  };
  walk(folder);
  return files;
}

export function fixtureChangeset(name: string, options: { head?: string; baseContent?: boolean } = {}): Changeset {
  const base = readTree(join(EDITED_FIXTURES, name, 'base'));
  const head = readTree(join(EDITED_FIXTURES, name, options.head ?? 'head'));
  const files: ChangedFile[] = [];
  for (const [path, content] of head) {
    const before = base.get(path);
    if (before === content) continue;
    if (before === undefined) files.push({ path, status: 'added', content });
    else files.push({ path, status: 'modified', content, ...(options.baseContent === false ? {} : { baseContent: before }) });
  }
  for (const path of base.keys()) if (!head.has(path)) files.push({ path, status: 'removed' });
  const baseFiles: BaseFile[] = [...base].map(([path, content]) => ({ path, content }));
  return { files, baseFiles, label: `${name}: base..${options.head ?? 'head'}` };
}
