import { readFile, stat } from 'node:fs/promises';

/**
 * Reading one file for review, bounded. Whatever cannot be reviewed keeps its reason, which the
 * engine turns into a `not-reviewed` finding (fail closed): a file above the size limit is not read
 * into memory, one with NUL bytes (binary) or bytes that are not UTF-8 is not decoded — a lossy
 * decode would review a different text than the one the migration tool runs.
 *
 * The limit is what the engine reviews within its memory target (docs/fail-closed.md): a 26 MB
 * migration (one DROP TABLE and megabytes of comments) takes 1.2 s and 0.22 GB peak RSS without the
 * dry run, 2.0 s and 0.34 GB with it; a 99 MB one 2.1 s and 0.49 GB without, 2.3 s and 0.70 GB with
 * (the build, load 1–2). No real migration is near it. The App and the Action use the same limit.
 */
export const MAX_FILE_BYTES = 100 * 1024 * 1024;

export type FileContent =
  { content: string; skipReason?: undefined; line?: undefined } | { content?: undefined; skipReason: string; line?: number };

export async function readFileForReview(absolutePath: string): Promise<FileContent> {
  const info = await stat(absolutePath);
  if (info.size > MAX_FILE_BYTES) return { skipReason: tooLargeReason(info.size) };
  return decodeFileContent(await readFile(absolutePath));
}

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
// ignoreBOM keeps a byte-order mark in the text, as Buffer#toString did: offsets stay those of the file.

export function decodeFileContent(bytes: Buffer): FileContent {
  if (bytes.length > MAX_FILE_BYTES) return { skipReason: tooLargeReason(bytes.length) };
  const nul = bytes.indexOf(0);
  if (nul >= 0) return { skipReason: 'binary file (contains NUL bytes)', line: lineAt(bytes, nul) };
  try {
    return { content: UTF8.decode(bytes) };
  } catch {
    const line = firstInvalidLine(bytes);
    return { skipReason: `not valid UTF-8 (first invalid byte on line ${line}; save the file as UTF-8)`, line };
  }
}

export function tooLargeReason(bytes: number): string {
  const megabytes = (bytes / (1024 * 1024)).toFixed(1);
  return `file too large (${megabytes} MB; the limit is ${MAX_FILE_BYTES / (1024 * 1024)} MB)`;
}

/** 1-based line of a byte offset. */
function lineAt(bytes: Buffer, offset: number): number {
  let line = 1;
  for (let index = bytes.indexOf(10); index >= 0 && index < offset; index = bytes.indexOf(10, index + 1)) line += 1;
  return line;
}

/** 1-based line of the first invalid byte (only called when there is one). A newline byte never sits inside a UTF-8 character. */
function firstInvalidLine(bytes: Buffer): number {
  let line = 1;
  for (let start = 0; start <= bytes.length; line += 1) {
    const end = bytes.indexOf(10, start);
    const stop = end < 0 ? bytes.length : end;
    try {
      UTF8.decode(bytes.subarray(start, stop));
    } catch {
      return line;
    }
    if (end < 0) break;
    start = end + 1;
  }
  return line;
}
