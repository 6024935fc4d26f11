import type { GitHubMock, PullFile } from './github-mock.js';

/** Files and mocks the scenarios share. */
export const BASE_MIGRATIONS = {
  'db/migrations/001_init.sql':
    'CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint);\nCREATE TABLE legacy_orders (id bigint);\n',
};

export const INDEX_SQL = 'CREATE INDEX orders_customer_idx ON orders (customer_id);\n';
export const DROP_SQL = 'DROP TABLE legacy_orders;\n';
export const SAFE_SQL = 'CREATE TABLE invoices (id bigint PRIMARY KEY);\n';

export function addedPatch(content: string): string {
  const lines = content.replace(/\n$/, '').split('\n');
  return [`@@ -0,0 +1,${lines.length} @@`, ...lines.map((line) => `+${line}`)].join('\n');
}

export function migration(name: string, content: string): PullFile {
  return { filename: `db/migrations/${name}`, patch: addedPatch(content), content };
}

/** Every call of a review that publishes: check, context, files, tree, blobs, check update, then what follows. */
export function expectReview(
  github: GitHubMock,
  files: PullFile[],
  options: {
    checkId?: number;
    summary?: { id: number; body: string };
    threads?: { id: string; isResolved: boolean; body: string }[];
    config?: string;
  } = {},
): GitHubMock {
  const context = {
    ...(options.summary ? { summary: options.summary } : {}),
    ...(options.threads ? { threads: options.threads } : {}),
    ...(options.config !== undefined ? { config: options.config } : {}),
  };
  return github.createCheck(options.checkId).context(context).files(files).tree(BASE_MIGRATIONS).blobRequest().updateCheck(options.checkId);
}
