import type { GitHub, PullRequestTarget } from './target.js';

/**
 * File contents by `<commit>:<path>` expressions, many per GraphQL request (aliases f0, f1 …), so a
 * pull request's files and the base's migrations cost a request per hundred files, not one each.
 * GitHub truncates GraphQL's `Blob.text` well below 1 MB (files of 0.5 MB came back cut): a
 * truncated blob is read again, whole, through the git blobs API by its object id (which serves
 * blobs up to 100 MB). Binary and oversized blobs come back with the reason they were not read.
 */
export const MAX_FILE_BYTES = 32 * 1024 * 1024;
const PER_REQUEST = 100;

export interface BlobRequest {
  key: string;
  expression: string;
}

export type BlobResult = { content: string; skipReason?: undefined } | { content?: undefined; skipReason: string };

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

/** A text blob GraphQL did not return whole (truncated, or no text although not binary). */
function needsGitBlob(node: BlobNode | null): node is BlobNode & { oid: string } {
  return (
    node !== null && node.byteSize <= MAX_FILE_BYTES && !node.isBinary && (node.isTruncated || node.text === null) && Boolean(node.oid)
  );
}

async function fetchGitBlob(
  github: GitHub,
  target: PullRequestTarget,
  node: BlobNode & { oid: string },
  signal?: AbortSignal,
): Promise<BlobResult> {
  try {
    const { data } = await github.rest.git.getBlob({ owner: target.owner, repo: target.repo, file_sha: node.oid, request: { signal } });
    const text = Buffer.from(data.content, data.encoding === 'base64' ? 'base64' : 'utf8').toString('utf8');
    return blobResult({ ...node, text, isTruncated: false });
  } catch (error) {
    signal?.throwIfAborted();
    const reason = error instanceof Error ? error.message : String(error);
    return { skipReason: `could not be fetched from GitHub (${reason.slice(0, 200)})` };
  }
}

function blobResult(node: BlobNode | null): BlobResult {
  if (!node) return { skipReason: 'not found at this commit' };
  if (node.byteSize > MAX_FILE_BYTES || node.isTruncated) {
    return {
      skipReason: `file too large (${(node.byteSize / (1024 * 1024)).toFixed(1)} MB; the limit is ${MAX_FILE_BYTES / (1024 * 1024)} MB)`,
    };
  }
  if (node.isBinary || node.text === null) return { skipReason: 'binary file' };
  if (node.text.includes('\0')) return { skipReason: 'binary file (contains NUL bytes)' };
  return { content: node.text };
}
