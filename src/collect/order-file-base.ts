import { readFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { declaredOrder, ORDER_FILE_NAMES } from '../classify/order-migrations.js';
import type { BaseFile } from '../review-types/index.js';
import type { NamedMigration } from './base-siblings.js';
import { readFileForReview } from './file-content.js';
import { repositoryPath } from './repository-path.js';

/**
 * The base of a PATH-mode review for migrations whose tool keeps their order in a file of its own
 * (sqitch and pgpm plans, LedgerSMB's LOADORDER), found in the named file's folder or a folder above
 * it up to the repository root: the files that order file lists before the earliest named one (the
 * list may cross folders, as pgpm's does). The order file comes along as a base file whenever it
 * lists a reviewed file, so the engine orders the base and the change by it. Named files that no order file lists are left to the
 * folder siblings (base-siblings.ts).
 */
export async function orderFileBase(
  /** The migrations under review, by path: named ones and those found in named folders. */
  migrations: ReadonlyMap<string, NamedMigration>,
  named: readonly NamedMigration[],
  options: { root: string },
): Promise<{ baseFiles: BaseFile[]; covered: Set<string> }> {
  const baseFiles: BaseFile[] = [];
  const covered = new Set<string>();
  for (const orderFile of await orderFilesAbove([...migrations.values()], options.root)) {
    const list = declaredOrder([orderFile]).listedOrders?.[0] ?? [];
    const listed = new Set(list);
    if (![...migrations.keys()].some((path) => listed.has(path))) continue;
    baseFiles.push(orderFile); // it orders the reviewed files, named or found in a named folder
    const positions = named.map((file) => list.indexOf(file.path)).filter((position) => position >= 0);
    if (positions.length === 0) continue;
    for (const file of named) if (listed.has(file.path)) covered.add(file.path);
    for (const path of list.slice(0, Math.min(...positions))) {
      if (migrations.has(path)) continue;
      const content = await readFileForReview(join(options.root, path)).then(
        (read) => read.content,
        () => undefined, // listed but not there: the plan names a change whose script is missing
      );
      if (content !== undefined) baseFiles.push({ path, content });
    }
  }
  return { baseFiles, covered };
}

/** The order files in the files' folders and the folders above them, up to the root, each once. */
async function orderFilesAbove(files: readonly NamedMigration[], root: string): Promise<BaseFile[]> {
  const folders = new Set<string>();
  for (const file of files) {
    for (let folder = dirname(file.absolutePath); isWithin(root, folder); folder = dirname(folder)) {
      folders.add(folder);
      if (folder === root) break;
    }
  }
  const found: BaseFile[] = [];
  for (const folder of folders) {
    for (const name of ORDER_FILE_NAMES) {
      const absolutePath = join(folder, name);
      const content = await readFile(absolutePath, 'utf8').catch(() => undefined);
      if (content !== undefined) found.push({ path: repositoryPath(root, absolutePath), content });
    }
  }
  return found;
}

function isWithin(root: string, folder: string): boolean {
  const path = relative(root, folder);
  return path === '' || (!path.startsWith(`..${sep}`) && path !== '..');
}
