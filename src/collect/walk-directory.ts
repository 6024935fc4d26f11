import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { naturalCompare } from '../classify/natural-sort.js';

/**
 * Folders never searched for migrations: dependencies, build output, VCS data and Python virtual
 * environments, which ship other projects' migrations and models (alembic's own templates, say).
 */
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git', 'dist', '.venv', 'venv', '__pycache__', '.tox']);

/**
 * Every regular file under a folder, in natural order. Symbolic links are not followed while
 * walking, so a link cycle cannot make the walk endless; a file named on the command line is still
 * read through its link.
 */
export async function walkDirectory(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true });
  entries.sort((left, right) => naturalCompare(left.name, right.name));
  const files: string[] = [];
  for (const entry of entries) {
    const path = join(directory, entry.name);
    if (entry.isDirectory() && !SKIPPED_DIRECTORIES.has(entry.name)) files.push(...(await walkDirectory(path)));
    else if (entry.isFile()) files.push(path);
  }
  return files;
}
