import { ConfigError, defaultConfig, parseConfig, DEFAULT_CONFIG_PATH } from '../config/load-config.js';
import type { Config } from '../config/schema.js';
import { readFindingMarker } from './finding-marker.js';
import { isSummaryComment } from './summary-state.js';
import type { GitHub, PullRequestTarget } from './target.js';

/**
 * One GraphQL request for what the review needs besides the files: the config on the base commit,
 * the sticky summary comment and the review threads dbarch started (with their fingerprints).
 * Pull requests with more than 100 comments are searched further through the REST API; more than
 * 100 review threads are read 100 per further GraphQL request (up to MAX_THREAD_PAGES pages).
 */
export interface ReviewThread {
  id: string;
  isResolved: boolean;
  fingerprint: string;
}

export interface PullRequestContext {
  config: Config;
  /** Set when the base branch's config is invalid: the review then runs with the defaults. */
  configError?: string;
  summary?: { id: number; body: string };
  threads: ReviewThread[];
}

const QUERY = `query dbarchContext($owner: String!, $repo: String!, $number: Int!, $config: String!) {
  repository(owner: $owner, name: $repo) {
    config: object(expression: $config) { ... on Blob { text isBinary } }
    pullRequest(number: $number) {
      comments(first: 100) { pageInfo { hasNextPage } nodes { databaseId body viewerDidAuthor } }
      reviewThreads(first: 100) {
        pageInfo { hasNextPage endCursor }
        nodes { id isResolved comments(first: 1) { nodes { body viewerDidAuthor } } }
      }
    }
  }
}`;

const THREADS_QUERY = `query dbarchThreads($owner: String!, $repo: String!, $number: Int!, $after: String!) {
  repository(owner: $owner, name: $repo) {
    pullRequest(number: $number) {
      reviewThreads(first: 100, after: $after) {
        pageInfo { hasNextPage endCursor }
        nodes { id isResolved comments(first: 1) { nodes { body viewerDidAuthor } } }
      }
    }
  }
}`;

/** 2,000 threads: beyond that, older findings may be posted again rather than cost more requests. */
const MAX_THREAD_PAGES = 20;

interface ThreadPage {
  pageInfo?: { hasNextPage: boolean; endCursor: string | null };
  nodes: { id: string; isResolved: boolean; comments: { nodes: { body: string; viewerDidAuthor: boolean }[] } }[];
}

interface ContextResponse {
  repository: {
    config: { text: string | null; isBinary: boolean } | null;
    pullRequest: {
      comments: { pageInfo: { hasNextPage: boolean }; nodes: { databaseId: number; body: string; viewerDidAuthor: boolean }[] };
      reviewThreads: ThreadPage;
    } | null;
  } | null;
}

export async function loadPullRequestContext(github: GitHub, target: PullRequestTarget, signal?: AbortSignal): Promise<PullRequestContext> {
  const data = await github.graphql<ContextResponse>(QUERY, {
    owner: target.owner,
    repo: target.repo,
    number: target.number,
    config: `${target.baseSha}:${DEFAULT_CONFIG_PATH}`,
    request: { signal },
  });
  const pull = data.repository?.pullRequest;
  const own = pull?.comments.nodes.find((comment) => comment.viewerDidAuthor && isSummaryComment(comment.body));
  const summary = own
    ? { id: own.databaseId, body: own.body }
    : pull?.comments.pageInfo.hasNextPage
      ? await findSummaryByRest(github, target)
      : undefined;
  const threads = pull ? await allThreads(github, target, pull.reviewThreads, signal) : [];
  return { ...configFrom(data.repository?.config ?? null), ...(summary ? { summary } : {}), threads };
}

async function allThreads(github: GitHub, target: PullRequestTarget, first: ThreadPage, signal?: AbortSignal): Promise<ReviewThread[]> {
  const threads = threadsOf(first);
  let page = first;
  for (let pages = 1; page.pageInfo?.hasNextPage && page.pageInfo.endCursor && pages < MAX_THREAD_PAGES; pages += 1) {
    const data = await github.graphql<{ repository: { pullRequest: { reviewThreads: ThreadPage } | null } | null }>(THREADS_QUERY, {
      owner: target.owner,
      repo: target.repo,
      number: target.number,
      after: page.pageInfo.endCursor,
      request: { signal },
    });
    const next = data.repository?.pullRequest?.reviewThreads;
    if (!next) break;
    threads.push(...threadsOf(next));
    page = next;
  }
  return threads;
}

function configFrom(blob: { text: string | null; isBinary: boolean } | null): { config: Config; configError?: string } {
  if (!blob) return { config: defaultConfig() };
  if (blob.text === null) return { config: defaultConfig(), configError: `${DEFAULT_CONFIG_PATH}: not a text file` };
  try {
    return { config: parseConfig(blob.text, DEFAULT_CONFIG_PATH) };
  } catch (error) {
    if (error instanceof ConfigError) return { config: defaultConfig(), configError: error.message };
    throw error;
  }
}

function threadsOf(page: ThreadPage): ReviewThread[] {
  const threads: ReviewThread[] = [];
  for (const thread of page.nodes) {
    const first = thread.comments.nodes[0];
    const fingerprint = first?.viewerDidAuthor ? readFindingMarker(first.body) : undefined;
    if (fingerprint) threads.push({ id: thread.id, isResolved: thread.isResolved, fingerprint });
  }
  return threads;
}

/** The summary is a bot's comment that starts with the marker (only dbarch writes it as a bot). */
async function findSummaryByRest(github: GitHub, target: PullRequestTarget): Promise<{ id: number; body: string } | undefined> {
  const comments = await github.paginate(github.rest.issues.listComments, {
    owner: target.owner,
    repo: target.repo,
    issue_number: target.number,
    per_page: 100,
  });
  const own = comments.find((comment) => comment.user?.type === 'Bot' && isSummaryComment(comment.body));
  return own?.body ? { id: own.id, body: own.body } : undefined;
}
