import { throttling } from '@octokit/plugin-throttling';

/**
 * GitHub's pacing of content-creating requests, per installation: "wait at least one second
 * between each" POST, PATCH, PUT or DELETE, and keep requests that notify people (comments,
 * reviews, replies) further apart, or the integration hits a secondary rate limit (80
 * content-creating requests a minute). Octokit's throttling plugin paces like this within one
 * process; with several workers of one installation that is not enough, so dbarch paces itself,
 * by installation: in memory for one process, or through Redis (src/queue/shared-github-limits.ts)
 * so that every worker of the deployment takes its turn from the same clock. Installations never
 * wait for each other.
 */
export type PacedKind = 'write' | 'notification';

export const WRITE_SPACING_MS = 1_000;
/** Octokit's spacing of notification-triggering writes. */
export const NOTIFICATION_SPACING_MS = 3_000;

export interface WritePacing {
  /**
   * Takes the installation's next turn for a request of this kind and returns the milliseconds
   * until it. A write's turn is at least WRITE_SPACING_MS after the previous write's; a
   * notification's also NOTIFICATION_SPACING_MS after the previous notification's.
   */
  reserve(installationId: number, kind: PacedKind): Promise<number>;
}

interface RequestLike {
  method: string;
  url: string;
  query?: unknown;
}

/**
 * The App's own routes (`/app/…`), authenticated as the App, not as an installation: chiefly the
 * installation access token, which the auth hook requests through the installation's Octokit, in
 * the middle of the first request that needs it. Pacing it took a second turn for that request,
 * and the writes waiting for the token then all went at once when it came.
 */
const APP_ROUTE = /^(?:https?:\/\/[^/]+)?(?:\/api\/v3)?\/app\//;

/**
 * Which turn a request needs, if any. Reads are not paced; GraphQL is a read unless it is a
 * mutation (Octokit's plugin paces every GraphQL request, since it cannot tell; dbarch's queries
 * fetch files and context). Notification-triggering routes are Octokit's own list.
 */
export function pacedKind(request: RequestLike): PacedKind | undefined {
  const method = request.method.toUpperCase();
  if (method === 'GET' || method === 'HEAD') return undefined;
  const path = request.url.split('?')[0]!;
  if (APP_ROUTE.test(path)) return undefined;
  if (/\/graphql$/.test(path)) return typeof request.query === 'string' && /^\s*mutation\b/.test(request.query) ? 'write' : undefined;
  return throttling.triggersNotification(path) ? 'notification' : 'write';
}

/** The turns of one process (no Redis): the same rules on this process's clock. */
export class MemoryPacing implements WritePacing {
  private readonly next = new Map<number, { write: number; notification: number }>();

  /** `now`: epoch milliseconds (tests move it with their sleep). */
  constructor(private readonly now: () => number = Date.now) {}

  async reserve(installationId: number, kind: PacedKind): Promise<number> {
    const now = this.now();
    const next = this.next.get(installationId) ?? { write: 0, notification: 0 };
    const turn = Math.max(now, next.write, kind === 'notification' ? next.notification : 0);
    next.write = turn + WRITE_SPACING_MS;
    if (kind === 'notification') next.notification = turn + NOTIFICATION_SPACING_MS;
    this.next.set(installationId, next);
    // Installations that have gone quiet are forgotten, so the map stays as small as the busy set.
    for (const [id, entry] of this.next) if (Math.max(entry.write, entry.notification) < now) this.next.delete(id);
    return turn - now;
  }
}
