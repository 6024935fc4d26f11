import { decodeFileContent } from '../../src/collect/file-content.js';
import { defaultConfig } from '../../src/config/load-config.js';
import { review } from '../../src/engine/review.js';
import type { Finding } from '../../src/review-types/index.js';

/**
 * Reviews one file given as bytes, the way the CLI does: decoded by the collector (which refuses
 * NUL bytes and invalid UTF-8), then reviewed by the engine. For `bytes=escaped` rule examples.
 */
export async function lintFileBytes(bytes: Buffer, path = 'migrations/001_change.sql'): Promise<Finding[]> {
  const read = decodeFileContent(bytes);
  const file = read.content !== undefined ? { content: read.content } : { skipReason: read.skipReason, skipLine: read.line };
  const result = await review({ files: [{ path, status: 'added', ...file }], mode: 'paths' }, defaultConfig(), { dryRun: false });
  return result.findings;
}

/** `\xNN` escapes of a docs example turned into the raw bytes they stand for. */
export function unescapeBytes(text: string): Buffer {
  const parts: Buffer[] = [];
  let last = 0;
  for (const match of text.matchAll(/\\x([0-9a-fA-F]{2})/g)) {
    parts.push(Buffer.from(text.slice(last, match.index), 'utf8'), Buffer.from([parseInt(match[1]!, 16)]));
    last = match.index + match[0].length;
  }
  parts.push(Buffer.from(text.slice(last), 'utf8'));
  return Buffer.concat(parts);
}
