import type { ChangeStatus } from '../review-types/index.js';
import { runGit } from './run-git.js';

/**
 * Parsers for git's machine-readable (`-z`, NUL-separated) output, so paths with spaces, quotes or
 * newlines come through exactly as they are.
 */

export interface TreeEntry {
  path: string;
  objectId: string;
  /** Size in bytes, so oversized files are skipped without being read. */
  size: number;
}

/** Every file (blob) of a commit's tree; submodules and symbolic links are not files to review. */
export async function listTreeFiles(commit: string, root: string): Promise<Map<string, TreeEntry>> {
  const output = await runGit(['ls-tree', '-r', '-l', '-z', '--full-tree', commit], { cwd: root });
  const entries = new Map<string, TreeEntry>();
  for (const record of splitNul(output)) {
    // "<mode> SP <type> SP <object id> SP+ <size> TAB <path>"
    const tab = record.indexOf('\t');
    const [mode, type, objectId, size] = record.slice(0, tab).split(/ +/);
    const path = record.slice(tab + 1);
    if (type === 'blob' && mode !== '120000' && objectId) entries.set(path, { path, objectId, size: Number(size) });
  }
  return entries;
}

export interface NameStatus {
  status: ChangeStatus;
  path: string;
  /** The path on the base side, for renames. */
  previousPath?: string;
}

const STATUS_BY_LETTER: Record<string, ChangeStatus> = {
  A: 'added',
  C: 'added',
  M: 'modified',
  T: 'modified',
  U: 'modified',
  D: 'removed',
  R: 'renamed',
};

/** Parses `git diff --name-status -z`: "<status>\0<path>\0", renames and copies with two paths. */
export function parseNameStatus(output: Buffer): NameStatus[] {
  const fields = splitNul(output);
  const changes: NameStatus[] = [];
  for (let index = 0; index < fields.length;) {
    const letter = fields[index]!.charAt(0);
    const twoPaths = letter === 'R' || letter === 'C';
    const first = fields[index + 1]!;
    const second = twoPaths ? fields[index + 2]! : undefined;
    index += twoPaths ? 3 : 2;
    const status = STATUS_BY_LETTER[letter];
    if (status === undefined) continue;
    if (letter === 'R') changes.push({ status, path: second!, previousPath: first });
    else changes.push({ status, path: second ?? first });
  }
  return changes;
}

export function splitNul(output: Buffer): string[] {
  const text = output.toString('utf8');
  const fields = text.split('\0');
  if (fields.at(-1) === '') fields.pop();
  return fields;
}

/**
 * Reads many blobs with one `git cat-file --batch` process instead of one `git show` per file.
 * Its output is "<id> SP <type> SP <size> LF <bytes> LF" per object, "<id> SP missing LF" for none.
 */
export async function readBlobs(objectIds: readonly string[], root: string): Promise<Map<string, Buffer>> {
  const blobs = new Map<string, Buffer>();
  if (objectIds.length === 0) return blobs;
  const output = await runGit(['cat-file', '--batch'], { cwd: root, input: `${objectIds.join('\n')}\n` });
  let offset = 0;
  while (offset < output.length) {
    const headerEnd = output.indexOf(0x0a, offset);
    if (headerEnd < 0) break;
    const [objectId, type, size] = output.subarray(offset, headerEnd).toString('utf8').split(' ');
    offset = headerEnd + 1;
    if (type === 'missing' || size === undefined) continue;
    const length = Number(size);
    blobs.set(objectId!, output.subarray(offset, offset + length));
    offset += length + 1;
  }
  return blobs;
}
