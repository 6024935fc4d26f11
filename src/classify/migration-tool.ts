import type { MigrationTool } from '../engine/types.js';

/**
 * What dbarch knows of each migration tool's conventions: how to recognise its files, whether it
 * wraps each file in a transaction, and which part of a file is the "up" migration.
 */

interface ToolConvention {
  /** Whether the tool runs a whole migration file inside one transaction by default. */
  wrapsInTransaction: boolean;
  /** How the convention was established, for the docs. */
  note: string;
}

export const TOOL_CONVENTIONS: Record<MigrationTool, ToolConvention> = {
  prisma: { wrapsInTransaction: true, note: 'a multi-statement migration.sql runs as one implicit transaction; a single statement runs alone' },
  flyway: { wrapsInTransaction: true, note: 'each versioned migration runs in its own transaction' },
  'golang-migrate': { wrapsInTransaction: false, note: 'files run as they are; add BEGIN/COMMIT yourself' },
  dbmate: { wrapsInTransaction: true, note: 'each migration runs in a transaction unless `-- migrate:up transaction:false`' },
  sqitch: { wrapsInTransaction: false, note: 'deploy scripts carry their own BEGIN/COMMIT' },
  supabase: { wrapsInTransaction: true, note: 'each migration file is applied in one transaction' },
  alembic: { wrapsInTransaction: true, note: 'transactional DDL: each revision runs in a transaction' },
  plain: { wrapsInTransaction: false, note: 'unknown runner: statements are assumed to autocommit (psql -f)' },
};

/** Recognises the tool from the path (and, for dbmate, the content). */
export function detectTool(path: string, content = ''): MigrationTool {
  const normalised = path.replace(/\\/g, '/');
  if (/(^|\/)migrations\/[^/]+\/migration\.sql$/.test(normalised)) return 'prisma';
  if (/(^|\/)supabase\/migrations\/[^/]+\.sql$/.test(normalised)) return 'supabase';
  if (/(^|\/)[VRU]\d[\w.]*__[^/]*\.sql$/.test(normalised) || /(^|\/)R__[^/]*\.sql$/.test(normalised)) return 'flyway';
  if (/\.(up|down)\.sql$/.test(normalised)) return 'golang-migrate';
  if (/^\s*--\s*migrate:up\b/m.test(content)) return 'dbmate';
  if (/(^|\/)(deploy|revert|verify)\/[^/]+\.sql$/.test(normalised)) return 'sqitch';
  if (/\.py$/.test(normalised)) return 'alembic';
  return 'plain';
}

/** Whether a file runs inside a transaction the tool opens, given the tool and file facts. */
export function runsInImplicitTransaction(tool: MigrationTool, content: string, statementCount: number): boolean {
  if (!TOOL_CONVENTIONS[tool].wrapsInTransaction) return false;
  if (tool === 'prisma') return statementCount > 1;
  if (tool === 'dbmate') return !/^\s*--\s*migrate:up\b[^\n]*transaction:false/m.test(content);
  return true;
}

/** Down/revert/verify scripts are not forward migrations: they run only on rollback or in checks. */
export function isReverseMigration(path: string, content = ''): boolean {
  const normalised = path.replace(/\\/g, '/');
  if (/\.down\.sql$/.test(normalised) || /(^|\/)(revert|verify)\/[^/]+\.sql$/.test(normalised)) return true;
  if (/(^|\/)U\d[\w.]*__[^/]*\.sql$/.test(normalised)) return true;
  return /^\s*--\s*migrate:down\b/m.test(content) && !/^\s*--\s*migrate:up\b/m.test(content);
}
