import { decodeFileContent, MAX_FILE_BYTES, tooLargeReason } from '../collect/file-content.js';
import type { GitHub, PullRequestTarget } from './target.js';

/**
 * File contents by `<commit>:<path>` expressions, many per GraphQL request (aliases f0, f1 …), so a
 * pull request's files and the base's migrations cost a request per hundred files, not one each.
 *
 * GraphQL's `Blob.text` is not always the file: GitHub truncates it well below 1 MB (files of 0.5 MB
 * came back cut), gives none for what it deems binary, and for bytes that are not UTF-8 it answers
 * text that is not them. Such a blob — truncated, without text, or whose text is not `byteSize`
 * bytes of UTF-8 — is read again, as raw bytes streamed from the git blobs API by its object id, and
 * decoded exactly as the CLI decodes a local file (decodeFileContent): a NUL byte or bytes that are
 * not UTF-8 come back as the reason and the line, which the engine reports as not-reviewed. The
 * size limit is the CLI's (MAX_FILE_BYTES, 100 MB; the git blobs API serves up to 100 MB): a file
 * over it is not downloaded, and the stream is cut if it grows past it.
 */
export { MAX_FILE_BYTES };
const PER_REQUEST = 100;

export interface BlobRequest {
  key: string;
  expression: string;
}

export type BlobResult =
  { content: string; skipReason?: undefined; line?: undefined } | { content?: undefined; skipReason: string; line?: number };

interface BlobNode {
  oid?: string;
  text: string | null;
  isBinary: boolean | null;
  isTruncated: boolean;
  byteSize: number;
}

export async function fetchBlobs(
  github: GitHub,
  target: PullRequestTarget,
  requests: readonly BlobRequest[],
  signal?: AbortSignal,
): Promise<Map<string, BlobResult>> {
  const results = new Map<string, BlobResult>();
  for (let start = 0; start < requests.length; start += PER_REQUEST) {
    const chunk = requests.slice(start, start + PER_REQUEST);
    const variables: Record<string, unknown> = { owner: target.owner, repo: target.repo, request: { signal } };
    const declarations = chunk.map((_, index) => `$e${index}: String!`).join(', ');
    const fields = chunk
      .map((request, index) => {
        variables[`e${index}`] = request.expression;
        return `f${index}: object(expression: $e${index}) { ... on Blob { oid text isBinary isTruncated byteSize } }`;
      })
      .join('\n    ');
    const query = `query dbarchBlobs($owner: String!, $repo: String!, ${declarations}) {\n  repository(owner: $owner, name: $repo) {\n    ${fields}\n  }\n}`;
    const data = await github.graphql<{ repository: Record<string, BlobNode | null> | null }>(query, variables);
    for (const [index, request] of chunk.entries()) {
      const node = data.repository?.[`f${index}`] ?? null;
      results.set(request.key, needsGitBlob(node) ? await fetchGitBlob(github, target, node, signal) : blobResult(node));
    }
  }
  return results;
}

/** A blob whose GraphQL text is not its bytes (truncated, missing, binary, or not `byteSize` bytes of UTF-8) and that is small enough to read. */
function needsGitBlob(node: BlobNode | null): node is BlobNode & { oid: string } {
  if (node === null || !node.oid || node.byteSize > MAX_FILE_BYTES) return false;
  return node.isBinary === true || node.isTruncated || node.text === null || Buffer.byteLength(node.text) !== node.byteSize;
}

async function fetchGitBlob(
  github: GitHub,
  target: PullRequestTarget,
  node: BlobNode & { oid: string },
  signal?: AbortSignal,
): Promise<BlobResult> {
  try {
    // The raw bytes, as a stream (not base64 in JSON: a third more to hold, and the bytes decoded before they can be checked).
    const response = await github.request('GET /repos/{owner}/{repo}/git/blobs/{file_sha}', {
      owner: target.owner,
      repo: target.repo,
      file_sha: node.oid,
      headers: { accept: 'application/vnd.github.raw+json' },
      request: { signal, parseSuccessResponseBody: false },
    });
    const bytes = await readBounded(response.data as unknown as ReadableStream<Uint8Array> | null);
    if (bytes === undefined) return { skipReason: tooLargeReason(Math.max(node.byteSize, MAX_FILE_BYTES + 1)) };
    const decoded = decodeFileContent(bytes);
    return decoded.content !== undefined
      ? { content: decoded.content }
      : { skipReason: decoded.skipReason, ...(decoded.line ? { line: decoded.line } : {}) };
  } catch (error) {
    signal?.throwIfAborted();
    const reason = error instanceof Error ? error.message : String(error);
    return { skipReason: `could not be fetched from GitHub (${reason.slice(0, 200)})` };
  }
}

/** The whole stream in one buffer; undefined once it passes MAX_FILE_BYTES (leaving the loop cancels the stream). */
async function readBounded(stream: ReadableStream<Uint8Array> | null): Promise<Buffer | undefined> {
  if (!stream) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let length = 0;
  for await (const chunk of stream) {
    length += chunk.length;
    if (length > MAX_FILE_BYTES) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, length);
}

function blobResult(node: BlobNode | null): BlobResult {
  if (!node) return { skipReason: 'not found at this commit' };
  if (node.byteSize > MAX_FILE_BYTES || node.isTruncated) return { skipReason: tooLargeReason(node.byteSize) };
  if (node.isBinary || node.text === null) return { skipReason: 'binary file' };
  // The text is the file's bytes here (needsGitBlob checked its length): decoded the same way as a local file.
  if (node.text.includes('\0')) return decodeFileContent(Buffer.from(node.text)) as BlobResult;
  return { content: node.text };
}
