import type { GitHub, PullRequestTarget } from './target.js';

/**
 * File contents by `<commit>:<path>` expressions, many per GraphQL request (aliases f0, f1 …), so a
 * pull request's files and the base's migrations cost a request per hundred files, not one each.
 * Binary, truncated and oversized blobs come back with the reason they were skipped.
 */
export const MAX_FILE_BYTES = 1024 * 1024;
const PER_REQUEST = 100;

export interface BlobRequest {
  key: string;
  expression: string;
}

export type BlobResult = { content: string; skipReason?: undefined } | { content?: undefined; skipReason: string };

interface BlobNode {
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
        return `f${index}: object(expression: $e${index}) { ... on Blob { text isBinary isTruncated byteSize } }`;
      })
      .join('\n    ');
    const query = `query dbarchBlobs($owner: String!, $repo: String!, ${declarations}) {\n  repository(owner: $owner, name: $repo) {\n    ${fields}\n  }\n}`;
    const data = await github.graphql<{ repository: Record<string, BlobNode | null> | null }>(query, variables);
    chunk.forEach((request, index) => results.set(request.key, blobResult(data.repository?.[`f${index}`] ?? null)));
  }
  return results;
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
