import './node20-polyfills.js';
import { afterAll, afterEach, beforeEach } from '@jest/globals';
import { createHash } from 'node:crypto';
import nock from 'nock';
import { BASE_SHA, HEAD_SHA, NUMBER, OWNER, REPO } from './webhooks.js';
import { preloadRestSchema, validateRequest } from './rest-schema.js';

preloadRestSchema();

// nock patches Node's networking for the whole worker process; a test file that leaves it active
// breaks the interception of the next file jest runs in the same worker.
afterAll(() => {
  nock.restore();
});

/**
 * GitHub at the network edge: nock interceptors for the calls dbarch makes, every request body
 * validated against GitHub's REST description and recorded for snapshots.
 */
export interface Recorded {
  method: string;
  path: string;
  body: any;
}

export interface PullFile {
  filename: string;
  status?: string;
  patch?: string;
  /** Head contents (null: binary). */
  content?: string | null;
  byteSize?: number;
  /** A renamed file's base path. */
  previous_filename?: string;
  /** GraphQL answers with the first KB and `isTruncated` (as GitHub does for files of 0.5 MB and more). */
  truncated?: boolean;
  /**
   * The file's bytes when they are not `content` as UTF-8 (Latin-1, NUL bytes): GraphQL's object id
   * and byteSize are theirs, `isBinary` is set when they hold a NUL, and `content` is the text GraphQL answers.
   */
  bytes?: Buffer;
}

const REPO_PATH = `/repos/${OWNER}/${REPO}`;

/** Git's object id of a blob, as GitHub names it. */
function blobSha(content: string | Buffer): string {
  const bytes = Buffer.isBuffer(content) ? content : Buffer.from(content);
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

interface ThreadPage {
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  nodes: { id: string; isResolved: boolean; comments: { nodes: { body: string; viewerDidAuthor: boolean }[] } }[];
}

function threadPages(threads: { id: string; isResolved: boolean; body: string }[]): ThreadPage[] {
  const pages: ThreadPage[] = [];
  for (let start = 0; start === 0 || start < threads.length; start += 100) {
    const page = pages.length + 1;
    const hasNextPage = start + 100 < threads.length;
    pages.push({
      pageInfo: { hasNextPage, endCursor: hasNextPage ? `cursor-${page}` : null },
      nodes: threads.slice(start, start + 100).map((thread) => ({
        id: thread.id,
        isResolved: thread.isResolved,
        comments: { nodes: [{ body: thread.body, viewerDidAuthor: true }] },
      })),
    });
  }
  return pages;
}

/**
 * A fresh GitHub stand-in for every test of the file, handed to `use`, with no network beyond the
 * interceptors; what a test left queued is cleared after it.
 */
export function useGitHubMock(use: (github: GitHubMock) => void): void {
  beforeEach(() => {
    nock.disableNetConnect();
    use(new GitHubMock());
  });
  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });
}

export class GitHubMock {
  readonly scope = nock('https://api.github.com');
  readonly calls: Recorded[] = [];
  readonly errors: string[] = [];
  private readonly blobs = new Map<string, { text: string | null; byteSize?: number; truncated?: boolean; bytes?: Buffer }>();

  constructor() {
    this.scope.on('request', (request: { method: string; path?: string; url?: string }, _interceptor: unknown, body: unknown) => {
      const url = request.url ? new URL(request.url) : undefined;
      const path = request.path ?? `${url?.pathname}${url?.search ?? ''}`;
      const parsed = typeof body === 'string' && body !== '' ? JSON.parse(body) : undefined;
      // Validated in assertDone(): no heavy work while the interceptor is answering.
      this.calls.push({ method: request.method, path, body: parsed });
    });
  }

  createCheck(id = 100): this {
    this.scope.post(`${REPO_PATH}/check-runs`).reply(201, { id });
    return this;
  }

  updateCheck(id = 100, times = 1): this {
    this.scope.patch(`${REPO_PATH}/check-runs/${id}`).times(times).reply(200, { id });
    return this;
  }

  pull(options: { head?: string; draft?: boolean } = {}): this {
    this.scope.get(`${REPO_PATH}/pulls/${NUMBER}`).reply(200, {
      number: NUMBER,
      draft: options.draft ?? false,
      changed_files: 1,
      head: { sha: options.head ?? HEAD_SHA },
      base: { sha: BASE_SHA },
    });
    return this;
  }

  /**
   * The GraphQL context query: base config, sticky summary, dbarch's review threads (100 a page, as
   * GitHub pages them: the threads after the first 100 are answered by further dbarchThreads queries).
   */
  context(
    options: {
      config?: string;
      summary?: { id: number; body: string };
      threads?: { id: string; isResolved: boolean; body: string }[];
    } = {},
  ): this {
    const pages = threadPages(options.threads ?? []);
    this.scope
      .post('/graphql', (body: { query?: string }) => body?.query?.includes('dbarchContext') ?? false)
      .reply(200, {
        data: {
          repository: {
            config: options.config === undefined ? null : { text: options.config, isBinary: false },
            pullRequest: {
              comments: {
                pageInfo: { hasNextPage: false },
                nodes: options.summary ? [{ databaseId: options.summary.id, body: options.summary.body, viewerDidAuthor: true }] : [],
              },
              reviewThreads: pages[0],
            },
          },
        },
      });
    pages.slice(1).forEach((page, index) => {
      const after = `cursor-${index + 1}`;
      this.scope
        .post(
          '/graphql',
          (body: { query?: string; variables?: { after?: string } }) =>
            (body?.query?.includes('dbarchThreads') ?? false) && body.variables?.after === after,
        )
        .reply(200, { data: { repository: { pullRequest: { reviewThreads: page } } } });
    });
    return this;
  }

  /** The PR file list (one page per 100 files) and the head blobs of those files. */
  files(files: PullFile[]): this {
    const pages = Math.max(1, Math.ceil(files.length / 100));
    for (let page = 1; page <= pages; page += 1) {
      const slice = files.slice((page - 1) * 100, page * 100).map((file) => ({
        filename: file.filename,
        status: file.status ?? 'added',
        ...(file.patch !== undefined ? { patch: file.patch } : {}),
        ...(file.previous_filename !== undefined ? { previous_filename: file.previous_filename } : {}),
      }));
      const query = page === 1 ? { per_page: '100' } : { per_page: '100', page: String(page) };
      const link =
        page < pages
          ? { link: `<https://api.github.com${REPO_PATH}/pulls/${NUMBER}/files?per_page=100&page=${page + 1}>; rel="next"` }
          : undefined;
      this.scope.get(`${REPO_PATH}/pulls/${NUMBER}/files`).query(query).reply(200, slice, link);
    }
    for (const file of files) {
      if (file.content !== undefined)
        this.blobs.set(`${HEAD_SHA}:${file.filename}`, {
          text: file.content,
          ...(file.byteSize ? { byteSize: file.byteSize } : {}),
          ...(file.truncated ? { truncated: true } : {}),
          ...(file.bytes ? { bytes: file.bytes } : {}),
        });
    }
    return this;
  }

  /** The base commit's recursive tree and its blobs. */
  tree(files: Record<string, string>, options: { truncated?: boolean } = {}): this {
    const tree = Object.entries(files).map(([path, content]) => ({
      path,
      type: 'blob',
      size: Buffer.byteLength(content),
      mode: '100644',
      sha: '0'.repeat(40),
    }));
    this.scope
      .get(`${REPO_PATH}/git/trees/${BASE_SHA}`)
      .query({ recursive: 'true' })
      .reply(200, { sha: BASE_SHA, tree, truncated: options.truncated ?? false });
    for (const [path, content] of Object.entries(files)) this.blobs.set(`${BASE_SHA}:${path}`, { text: content });
    return this;
  }

  /** One GraphQL blob request answering from the files and tree given. */
  blobRequest(): this {
    this.scope
      .post('/graphql', (body: { query?: string }) => body?.query?.includes('dbarchBlobs') ?? false)
      .reply(200, async (request: Request) => {
        // nock 15 hands reply functions the fetch Request (one parameter: two would mean a callback).
        const body = (await request.clone().json()) as { variables: Record<string, string> };
        const repository: Record<string, unknown> = {};
        for (const [name, expression] of Object.entries(body.variables)) {
          if (!/^e\d+$/.test(name)) continue;
          // Head blobs answer for any head commit (tests push new heads with the same files).
          const blob =
            this.blobs.get(expression) ??
            (expression.startsWith(BASE_SHA) ? undefined : this.blobs.get(`${HEAD_SHA}:${expression.split(':').slice(1).join(':')}`));
          repository[`f${name.slice(1)}`] = blob
            ? {
                oid: blobSha(blob.bytes ?? blob.text ?? ''),
                text: blob.truncated ? blob.text!.slice(0, 1024) : blob.text,
                isBinary: blob.text === null || (blob.bytes?.includes(0) ?? false),
                isTruncated: blob.truncated ?? false,
                byteSize: blob.byteSize ?? blob.bytes?.length ?? Buffer.byteLength(blob.text ?? ''),
              }
            : null;
        }
        return { data: { repository } };
      });
    return this;
  }

  /**
   * The git blobs API for a file's full contents, raw (what dbarch asks for with
   * `application/vnd.github.raw+json`); another status fails it.
   */
  gitBlob(content: string | Buffer, status = 200): this {
    const sha = blobSha(content);
    this.scope
      .get(`${REPO_PATH}/git/blobs/${sha}`)
      .matchHeader('accept', 'application/vnd.github.raw+json')
      .reply(
        status,
        status === 200 ? (Buffer.isBuffer(content) ? content : Buffer.from(content)) : { message: 'Server Error' },
        status === 200 ? { 'content-type': 'application/vnd.github.raw' } : {},
      );
    return this;
  }

  createReview(status = 200): this {
    this.scope
      .post(`${REPO_PATH}/pulls/${NUMBER}/reviews`)
      .reply(status, status === 200 ? { id: 900 } : { message: 'Unprocessable Entity', errors: ['Line could not be resolved'] });
    return this;
  }

  createReviewComment(status = 201): this {
    this.scope
      .post(`${REPO_PATH}/pulls/${NUMBER}/comments`)
      .reply(status, status === 201 ? { id: 901 } : { message: 'Unprocessable Entity' });
    return this;
  }

  resolveThreads(): this {
    this.scope.post('/graphql', (body: { query?: string }) => body?.query?.includes('dbarchResolve') ?? false).reply(200, { data: {} });
    return this;
  }

  createComment(id = 700): this {
    this.scope.post(`${REPO_PATH}/issues/${NUMBER}/comments`).reply(201, { id });
    return this;
  }

  updateComment(id = 700): this {
    this.scope.patch(`${REPO_PATH}/issues/comments/${id}`).reply(200, { id });
    return this;
  }

  permission(user: string, permission: 'admin' | 'write' | 'read' | 'none'): this {
    this.scope
      .get(`${REPO_PATH}/collaborators/${user}/permission`)
      .reply(200, { permission, role_name: permission, user: { login: user } });
    return this;
  }

  reaction(commentId: number, kind: 'issue' | 'review' = 'issue'): this {
    const path =
      kind === 'issue' ? `${REPO_PATH}/issues/comments/${commentId}/reactions` : `${REPO_PATH}/pulls/comments/${commentId}/reactions`;
    this.scope.post(path).reply(201, { id: 1 });
    return this;
  }

  replyInThread(commentId: number): this {
    this.scope.post(`${REPO_PATH}/pulls/${NUMBER}/comments/${commentId}/replies`).reply(201, { id: 902 });
    return this;
  }

  /** The review threads GitHub would now list for the inline comments posted through this mock. */
  postedThreads(): { id: string; isResolved: boolean; body: string }[] {
    const reviews = this.bodies('POST', `/pulls/${NUMBER}/reviews`).flatMap((review) => review.comments as { body: string }[]);
    return reviews.map((comment, index) => ({ id: `thread-${index + 1}`, isResolved: false, body: comment.body }));
  }

  /** Bodies sent to routes whose path contains `fragment` with `method`. */
  bodies(method: string, fragment: string): any[] {
    return this.calls.filter((call) => call.method === method && call.path.includes(fragment)).map((call) => call.body);
  }

  /** Method and path of every call, in order (GraphQL calls named by their operation). */
  route(): string[] {
    return this.calls.map((call) => {
      if (call.path === '/graphql') return `GRAPHQL ${/(?:query|mutation) (\w+)/.exec(call.body.query)?.[1]}`;
      return `${call.method} ${call.path.replace(REPO_PATH, '')}`;
    });
  }

  assertDone(): void {
    for (const call of this.calls) if (call.body !== undefined) this.errors.push(...validateRequest(call.method, call.path, call.body));
    if (this.errors.length > 0) throw new Error(`invalid requests:\n${this.errors.join('\n')}`);
    if (!this.scope.isDone()) throw new Error(`GitHub calls expected but not made:\n${this.scope.pendingMocks().join('\n')}`);
  }
}
