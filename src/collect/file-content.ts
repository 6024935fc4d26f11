import { readFile, stat } from 'node:fs/promises';

/**
 * Reading one file for review, bounded: a file above the size limit or with NUL bytes (binary) is
 * not read into memory or decoded; the reason is kept so the output can say why it was skipped.
 */
export const MAX_FILE_BYTES = 25 * 1024 * 1024;

export type FileContent = { content: string; skipReason?: undefined } | { content?: undefined; skipReason: string };

export async function readFileForReview(absolutePath: string): Promise<FileContent> {
  const info = await stat(absolutePath);
  if (info.size > MAX_FILE_BYTES) return { skipReason: tooLargeReason(info.size) };
  return decodeFileContent(await readFile(absolutePath));
}

export function decodeFileContent(bytes: Buffer): FileContent {
  if (bytes.length > MAX_FILE_BYTES) return { skipReason: tooLargeReason(bytes.length) };
  if (bytes.includes(0)) return { skipReason: 'binary file (contains NUL bytes)' };
  return { content: bytes.toString('utf8') };
}

export function tooLargeReason(bytes: number): string {
  const megabytes = (bytes / (1024 * 1024)).toFixed(1);
  return `file too large (${megabytes} MB; the limit is ${MAX_FILE_BYTES / (1024 * 1024)} MB)`;
}
