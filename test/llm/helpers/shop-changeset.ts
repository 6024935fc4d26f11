import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Changeset } from '../../../src/review-types/index.js';

/**
 * The example shop repository as pull requests: migrations 1-7 exist on the base branch, the PR adds
 * some of 8-10 (each with its down file). The "typical 3-migration PR" of the LLM targets.
 */
const SHOP = fileURLToPath(new URL('../../../examples/shop/migrations/', import.meta.url));
const FOLDER = 'db/migrations';

function shopFiles(): { name: string; content: string }[] {
  return readdirSync(SHOP)
    .filter((name) => name.endsWith('.sql'))
    .sort()
    .map((name) => ({ name, content: readFileSync(join(SHOP, name), 'utf8') }));
}

/** Base: migrations numbered below `firstNew`; change: the rest (up and down files), as added files. */
export function shopChangeset(firstNew = 8, lastNew = 10): Changeset {
  const files = shopFiles();
  const number = (name: string) => Number(name.slice(0, 6));
  return {
    label: 'PR #42',
    baseFiles: files
      .filter((file) => number(file.name) < firstNew)
      .map((file) => ({ path: `${FOLDER}/${file.name}`, content: file.content })),
    files: files
      .filter((file) => number(file.name) >= firstNew && number(file.name) <= lastNew)
      .map((file) => ({ path: `${FOLDER}/${file.name}`, status: 'added' as const, content: file.content })),
  };
}
