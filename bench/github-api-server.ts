import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

/**
 * A stand-in for api.github.com on 127.0.0.1, for the GitHub App benchmark: the REST routes and
 * GraphQL operations dbarch uses, backed by an in-memory repository (commits → files) and pull
 * requests, stateful enough for a second push (the summary comment and the review threads dbarch
 * posted come back in the context query). Every request is counted; an unknown route is a 404 and
 * is reported. `latencyMs` delays each answer, as a round trip to GitHub would.
 */
export interface FakePull {
  number: number;
  headSha: string;
  baseSha: string;
  files: { filename: string; status: 'added' | 'modified' | 'removed'; patch?: string }[];
}

/** `POST /check-runs`, `GRAPHQL dbarchContext` … (repository prefix left out). */
export type Call = string;

interface Comment {
  id: number;
  body: string;
}

interface Thread {
  id: string;
  isResolved: boolean;
  body: string;
}

/** A request body as JSON: the fields dbarch sends are read as they come. */
type Body = { [field: string]: unknown; comments?: { body: string }[]; variables?: Record<string, unknown> };

export interface CheckRun {
  name?: string;
  status: string;
  conclusion?: string;
  headSha?: string;
  /** Epoch milliseconds (GitHub's started_at). */
  startedAt?: number;
  /** performance.now() when it was completed. */
  completedAt?: number;
}

/** A request as it arrived: which call, for which installation (by its token), when (performance.now()). */
export interface Arrival {
  call: Call;
  installation?: number;
  at: number;
}

export class FakeGitHub {
  readonly calls: Call[] = [];
  readonly arrivals: Arrival[] = [];
  /**
   * This process's event-loop delay while listening: arrival times are taken when the loop gets to
   * a request, so two requests sent a second apart can be stamped together after a stall.
   */
  private loopDelay?: IntervalHistogram;
  private readonly installationOfToken = new Map<string, number>();
  readonly unknown: string[] = [];
  /** File contents per commit sha. */
  readonly commits = new Map<string, Map<string, string>>();
  readonly pulls = new Map<number, FakePull>();
  private readonly comments = new Map<number, Comment[]>();
  private readonly threads = new Map<number, Thread[]>();
  private readonly checkRuns = new Map<number, CheckRun>();
  private nextId = 1_000;
  private server?: Server;

  /**
   * `latencyMs`: added to every answer. `delayFor`: extra milliseconds for one call (`GET /pulls/{n}/files`
   * …), to hold a review mid-way. Paths may carry GitHub Enterprise's `/api/v3` prefix (GraphQL at
   * `/api/graphql`), so a process pointed at it with GHE_HOST finds it; installation tokens are handed out.
   */
  constructor(private readonly options: { latencyMs?: number; delayFor?: (call: Call) => number } = {}) {}

  /** Check runs by id, with their status and conclusion. */
  allCheckRuns(): [number, CheckRun][] {
    return [...this.checkRuns];
  }

  /** Comments posted on a pull request (the summary must be one). */
  commentsOf(number: number): Comment[] {
    return this.comments.get(number) ?? [];
  }

  async listen(): Promise<string> {
    this.loopDelay = monitorEventLoopDelay({ resolution: 10 });
    this.loopDelay.enable();
    this.server = createServer((request, response) => void this.handle(request, response));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The longest event-loop stall of this process since listen(), in milliseconds. */
  maxLoopDelayMs(): number {
    return (this.loopDelay?.max ?? 0) / 1e6;
  }

  async close(): Promise<void> {
    this.loopDelay?.disable();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  checkRun(id: number) {
    return this.checkRuns.get(id);
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const body = text ? (JSON.parse(text) as Body) : {};
    const url = new URL((request.url ?? '/').replace(/^\/api\/v3(?=\/)/, '').replace(/^\/api\/graphql/, '/graphql'), 'http://127.0.0.1');
    if (this.options.latencyMs) await new Promise((resolve) => setTimeout(resolve, this.options.latencyMs));
    const before = this.calls.length;
    const answer = this.route(request.method ?? 'GET', url, body);
    if (this.calls.length > before) {
      const token = /^token (\S+)$/.exec(request.headers.authorization ?? '')?.[1];
      const installation = token ? this.installationOfToken.get(token) : undefined;
      this.arrivals.push({ call: this.calls.at(-1)!, ...(installation !== undefined ? { installation } : {}), at: performance.now() });
    }
    const delay = this.options.delayFor && this.calls.length > before ? this.options.delayFor(this.calls.at(-1)!) : 0;
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    if (!answer) this.unknown.push(`${request.method} ${url.pathname}`);
    const [status, json, headers] = answer ?? [404, { message: 'Not Found' }];
    response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    response.end(JSON.stringify(json));
  }

  private route(method: string, url: URL, body: Body): [number, unknown, Record<string, string>?] | undefined {
    let parts: RegExpExecArray | null;
    if (method === 'POST' && url.pathname === '/graphql') return this.graphql(body);
    if (method === 'GET' && url.pathname === '/app/installations') {
      this.calls.push('GET /app/installations');
      const ids = [...new Set(this.installationOfToken.values())];
      return [200, ids.map((id) => ({ id, account: { login: 'acme' }, app_id: 1, target_type: 'Organization' }))];
    }
    if (method === 'GET' && url.pathname === '/installation/repositories') {
      this.calls.push('GET /installation/repositories');
      const repository = { id: 1, name: 'shop', full_name: 'acme/shop', owner: { login: 'acme' }, archived: false };
      return [200, { total_count: 1, repositories: [repository] }];
    }
    if (method === 'POST' && (parts = /^\/app\/installations\/(\d+)\/access_tokens$/.exec(url.pathname))) {
      this.calls.push('POST /app/installations/{id}/access_tokens');
      const expires = new Date(Date.now() + 3_600_000).toISOString();
      const token = `ghs_fake${this.nextId++}`;
      this.installationOfToken.set(token, Number(parts[1]));
      return [201, { token, expires_at: expires, permissions: {}, repository_selection: 'all' }];
    }
    const match = /^\/repos\/[^/]+\/[^/]+\/(.*)$/.exec(url.pathname);
    if (!match) return undefined;
    const rest = match[1]!;
    const record = (route: string) => this.calls.push(`${method} ${route}`);
    if (method === 'POST' && rest === 'check-runs') {
      const id = this.nextId++;
      this.checkRuns.set(id, {
        name: String(body.name),
        status: String(body.status ?? 'queued'),
        headSha: String(body.head_sha),
        startedAt: Date.now(),
      });
      record('/check-runs');
      return [201, { id, name: body.name, head_sha: body.head_sha, status: body.status }];
    }
    if (method === 'PATCH' && (parts = /^check-runs\/(\d+)$/.exec(rest))) {
      const run = this.checkRuns.get(Number(parts[1]));
      if (run && body.status) Object.assign(run, { status: body.status, conclusion: body.conclusion, completedAt: performance.now() });
      record('/check-runs/{id}');
      return [200, { id: Number(parts[1]) }];
    }
    if (method === 'GET' && (parts = /^check-runs\/(\d+)$/.exec(rest))) {
      const run = this.checkRuns.get(Number(parts[1]));
      record('/check-runs/{id}');
      return run ? [200, this.checkRunJson(Number(parts[1]), run)] : undefined;
    }
    if (method === 'GET' && (parts = /^commits\/([0-9a-f]+)\/check-runs$/.exec(rest))) {
      const name = url.searchParams.get('check_name');
      // filter=latest (GitHub's default): the most recent run of each name.
      const latest = new Map<string, [number, CheckRun]>();
      for (const [id, run] of this.checkRuns)
        if (run.headSha === parts[1] && (!name || run.name === name)) latest.set(run.name ?? '', [id, run]);
      record('/commits/{sha}/check-runs');
      const runs = [...latest.values()].map(([id, run]) => this.checkRunJson(id, run));
      return [200, { total_count: runs.length, check_runs: runs }];
    }
    if (method === 'GET' && rest === 'pulls') {
      record('/pulls');
      const open = [...this.pulls.values()].map((pull) => ({
        number: pull.number,
        state: 'open',
        draft: false,
        updated_at: new Date().toISOString(),
        head: { sha: pull.headSha },
        base: { sha: pull.baseSha },
      }));
      return [200, open];
    }
    if (method === 'GET' && (parts = /^pulls\/(\d+)$/.exec(rest))) {
      const pull = this.pulls.get(Number(parts[1]));
      record('/pulls/{n}');
      return pull
        ? [
            200,
            {
              number: pull.number,
              draft: false,
              state: 'open',
              changed_files: pull.files.length,
              head: { sha: pull.headSha },
              base: { sha: pull.baseSha },
            },
          ]
        : undefined;
    }
    if (method === 'GET' && (parts = /^pulls\/(\d+)\/files$/.exec(rest))) return this.pullFiles(Number(parts[1]), url, record);
    if (method === 'GET' && (parts = /^git\/trees\/([0-9a-f]+)$/.exec(rest))) {
      const files = this.commits.get(parts[1]!);
      record('/git/trees/{sha}');
      if (!files) return undefined;
      const tree = [...files].map(([path, content]) => ({
        path,
        type: 'blob',
        mode: '100644',
        size: Buffer.byteLength(content),
        sha: '0'.repeat(40),
      }));
      return [200, { sha: parts[1], tree, truncated: false }];
    }
    if (method === 'POST' && (parts = /^pulls\/(\d+)\/reviews$/.exec(rest))) {
      const number = Number(parts[1]);
      const threads = this.threads.get(number) ?? [];
      for (const comment of (body.comments ?? []) as { body: string }[])
        threads.push({ id: `thread-${this.nextId++}`, isResolved: false, body: comment.body });
      this.threads.set(number, threads);
      record('/pulls/{n}/reviews');
      return [200, { id: this.nextId++ }];
    }
    if (method === 'POST' && (parts = /^issues\/(\d+)\/comments$/.exec(rest))) {
      const number = Number(parts[1]);
      const comment = { id: this.nextId++, body: String(body.body) };
      this.comments.set(number, [...(this.comments.get(number) ?? []), comment]);
      record('/issues/{n}/comments');
      return [201, comment];
    }
    if (method === 'PATCH' && (parts = /^issues\/comments\/(\d+)$/.exec(rest))) {
      const id = Number(parts[1]);
      for (const comments of this.comments.values()) {
        const comment = comments.find((candidate) => candidate.id === id);
        if (!comment) continue;
        comment.body = String(body.body);
        record('/issues/comments/{id}');
        return [200, comment];
      }
      return undefined;
    }
    return undefined;
  }

  private checkRunJson(id: number, run: CheckRun) {
    return {
      id,
      name: run.name,
      head_sha: run.headSha,
      status: run.status,
      conclusion: run.conclusion ?? null,
      started_at: run.startedAt ? new Date(run.startedAt).toISOString() : null,
      app: { id: 1, slug: 'dbarch' },
    };
  }

  private pullFiles(number: number, url: URL, record: (route: string) => void): [number, unknown, Record<string, string>?] | undefined {
    const pull = this.pulls.get(number);
    record('/pulls/{n}/files');
    if (!pull) return undefined;
    const perPage = Number(url.searchParams.get('per_page') ?? 30);
    const page = Number(url.searchParams.get('page') ?? 1);
    const slice = pull.files.slice((page - 1) * perPage, page * perPage);
    const next =
      page * perPage < pull.files.length
        ? { link: `<${url.origin}${url.pathname}?per_page=${perPage}&page=${page + 1}>; rel="next"` }
        : undefined;
    return [200, slice, next];
  }

  private graphql(body: Body): [number, unknown] | undefined {
    const query = String(body.query ?? '');
    const operation = /(?:query|mutation) (\w+)/.exec(query)?.[1] ?? 'anonymous';
    const variables = body.variables ?? {};
    const number = typeof variables.number === 'number' ? variables.number : undefined;
    if (operation === 'dbarchContext') {
      this.calls.push('GRAPHQL dbarchContext');
      const [sha, ...path] = String(variables.config).split(':');
      const config = this.commits.get(sha!)?.get(path.join(':'));
      return [
        200,
        {
          data: {
            repository: {
              config: config === undefined ? null : { text: config, isBinary: false },
              pullRequest: {
                comments: {
                  pageInfo: { hasNextPage: false },
                  nodes: (this.comments.get(number!) ?? []).map((comment) => ({
                    databaseId: comment.id,
                    body: comment.body,
                    viewerDidAuthor: true,
                  })),
                },
                reviewThreads: {
                  nodes: (this.threads.get(number!) ?? []).map((thread) => ({
                    id: thread.id,
                    isResolved: thread.isResolved,
                    comments: { nodes: [{ body: thread.body, viewerDidAuthor: true }] },
                  })),
                },
              },
            },
          },
        },
      ];
    }
    if (operation === 'dbarchBlobs') {
      const repository: Record<string, unknown> = {};
      for (const [name, expression] of Object.entries(variables)) {
        if (!/^e\d+$/.test(name)) continue;
        const [sha, ...path] = String(expression).split(':');
        const text = this.commits.get(sha!)?.get(path.join(':'));
        repository[`f${name.slice(1)}`] =
          text === undefined ? null : { text, isBinary: false, isTruncated: false, byteSize: Buffer.byteLength(text) };
      }
      this.calls.push('GRAPHQL dbarchBlobs');
      return [200, { data: { repository } }];
    }
    if (operation === 'dbarchResolve') {
      const ids = new Set(Object.values(variables).map(String));
      for (const thread of [...this.threads.values()].flat()) if (ids.has(thread.id)) thread.isResolved = true;
      this.calls.push('GRAPHQL dbarchResolve');
      return [200, { data: {} }];
    }
    return undefined;
  }
}
