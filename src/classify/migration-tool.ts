import type { MigrationTool, TransactionWrapping } from '../review-types/index.js';

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
  prisma: {
    wrapsInTransaction: true,
    note: 'migration.sql is sent as one query string: several statements run as one implicit transaction, a single one alone',
  },
  flyway: { wrapsInTransaction: true, note: 'each versioned migration runs in its own transaction (the JDBC driver sends BEGIN)' },
  'golang-migrate': {
    wrapsInTransaction: false,
    note: 'a file is sent as one query string: several statements run as one implicit transaction, a single one alone',
  },
  dbmate: {
    wrapsInTransaction: true,
    note: 'each migration runs in a transaction dbmate opens with BEGIN, unless `-- migrate:up transaction:false`; the up section is sent as one query string',
  },
  sqitch: { wrapsInTransaction: false, note: 'deploy scripts carry their own BEGIN/COMMIT' },
  supabase: {
    wrapsInTransaction: true,
    note: "each migration file's statements are sent as one pipeline, which PostgreSQL runs as one implicit transaction",
  },
  alembic: { wrapsInTransaction: true, note: 'transactional DDL: each revision runs in a transaction' },
  diesel: {
    wrapsInTransaction: true,
    note: 'each migration (`<version>_<name>/up.sql`) runs in a transaction unless its metadata.toml says `run_in_transaction = false`',
  },
  goose: {
    wrapsInTransaction: true,
    note: 'each migration (`-- +goose Up` section) runs in a transaction unless the file says `-- +goose NO TRANSACTION`',
  },
  plain: { wrapsInTransaction: false, note: 'unknown runner: statements are assumed to autocommit (psql -f)' },
};

/** Recognises the tool from the path (and, for dbmate, the content). */
export function detectTool(path: string, content = ''): MigrationTool {
  const normalised = path.replace(/\\/g, '/');
  if (/(^|\/)migrations\/[^/]+\/migration\.sql$/.test(normalised)) return 'prisma';
  // Diesel keeps each migration in a folder of its own: `migrations/<timestamp>_<name>/up.sql` + `down.sql`.
  if (/(^|\/)migrations\/[^/]+\/(up|down)\.sql$/.test(normalised)) return 'diesel';
  if (/(^|\/)supabase\/migrations\/[^/]+\.sql$/.test(normalised)) return 'supabase';
  if (/(^|\/)[VRU]\d[\w.]*__[^/]*\.sql$/.test(normalised) || /(^|\/)R__[^/]*\.sql$/.test(normalised)) return 'flyway';
  if (/\.(up|down)\.sql$/.test(normalised)) return 'golang-migrate';
  if (/^\s*--\s*migrate:up\b/m.test(content)) return 'dbmate';
  if (GOOSE_UP.test(content)) return 'goose';
  // pgpm (a sqitch fork) nests change names in folders: deploy/schemas/app/table.sql.
  if (/(^|\/)(deploy|revert|verify)\/.+\.sql$/.test(normalised)) return 'sqitch';
  if (/\.py$/.test(normalised)) return 'alembic';
  return 'plain';
}

/** Flyway recognises these and runs a migration made only of them without a transaction. */
const FLYWAY_NON_TRANSACTIONAL = /^\s*(?:CREATE\s+(?:UNIQUE\s+)?|DROP\s+)INDEX\s+CONCURRENTLY\b/i;

/**
 * Whether a file's statements run inside one transaction block that the tool (or the protocol)
 * opens. Besides the tools that wrap a file in BEGIN/COMMIT, golang-migrate and dbmate
 * (`transaction:false`) send a file as one multi-statement query string, which PostgreSQL itself
 * runs as one implicit transaction; a single statement runs alone.
 */
export function runsInImplicitTransaction(tool: MigrationTool, content: string, statements: readonly { text: string }[]): boolean {
  const multiStatement = statements.length > 1;
  switch (tool) {
    case 'prisma':
    case 'golang-migrate':
      return multiStatement;
    case 'dbmate':
      return multiStatement || !DBMATE_NO_TRANSACTION.test(content);
    case 'goose':
      return !GOOSE_NO_TRANSACTION.test(content);
    case 'flyway':
      return !statements.every((statement) => FLYWAY_NON_TRANSACTIONAL.test(statement.text));
    default:
      return TOOL_CONVENTIONS[tool].wrapsInTransaction;
  }
}

/**
 * How the tool opens the transaction it runs a file in (see TransactionWrapping); only meaningful
 * when runsInImplicitTransaction says it does. Prisma sends migration.sql with one simple-query
 * call, golang-migrate and dbmate `transaction:false` one Exec of the file, Supabase one pipeline
 * (pgconn ExecBatch); the others (and an unknown runner told `migrations.transaction: always`)
 * open a transaction block first.
 */
export function transactionWrapping(tool: MigrationTool, content: string): TransactionWrapping {
  switch (tool) {
    case 'prisma':
    case 'golang-migrate':
    case 'supabase':
      return 'implicit';
    case 'dbmate':
      return DBMATE_NO_TRANSACTION.test(content) ? 'implicit' : 'begin';
    default:
      return 'begin';
  }
}

const DBMATE_NO_TRANSACTION = /^\s*--\s*migrate:up\b[^\n]*transaction:false/m;

/**
 * Down/revert/verify scripts are not forward migrations: they run only on rollback or in checks.
 * `down.sql` (Diesel, and any tool keeping `up.sql`/`down.sql` in a folder per migration),
 * `*.down.sql` (golang-migrate, sqlx), sqitch `revert/` and `verify/`, Flyway `U<version>__` undo
 * scripts, and dbmate files that hold only a `-- migrate:down` section.
 */
export function isReverseMigration(path: string, content = ''): boolean {
  return reverseMigrationReason(path, content) !== undefined;
}

/** Why a file is a rollback script (for the review's `skipped`), or undefined for a forward migration. */
export function reverseMigrationReason(path: string, content = ''): string | undefined {
  const normalised = path.replace(/\\/g, '/');
  if (/(^|\/)down\.sql$/.test(normalised)) return 'rollback script (down.sql beside up.sql): runs only on rollback';
  if (/\.down\.sql$/.test(normalised)) return 'rollback script (*.down.sql): runs only on rollback';
  if (/(^|\/)revert\/.+\.sql$/.test(normalised)) return 'sqitch revert script: runs only on rollback';
  if (/(^|\/)verify\/.+\.sql$/.test(normalised)) return 'sqitch verify script: a check, not a migration';
  if (/(^|\/)U\d[\w.]*__[^/]*\.sql$/.test(normalised)) return 'Flyway undo script (U<version>__): runs only on `flyway undo`';
  if (/^\s*--\s*migrate:down\b/m.test(content) && !/^\s*--\s*migrate:up\b/m.test(content))
    return 'dbmate down section only: runs only on rollback';
  if (GOOSE_DOWN.test(content) && !GOOSE_UP.test(content)) return 'goose down section only: runs only on rollback';
  return undefined;
}

/** goose's annotations (https://pressly.github.io/goose/): `-- +goose Up`, `-- +goose Down`, `-- +goose NO TRANSACTION`. */
const GOOSE_UP = /^\s*--\s*\+goose\s+Up\b/im;
const GOOSE_DOWN = /^\s*--\s*\+goose\s+Down\b/im;
const GOOSE_NO_TRANSACTION = /^\s*--\s*\+goose\s+NO\s+TRANSACTION\b/im;

/**
 * dbmate and goose keep up and down in one file: only the up part runs forward. Blanked, not cut,
 * so lines stay. Any file with both markers of one of them is that tool's file, whatever tool the
 * config names.
 */
export function forwardPart(tool: MigrationTool, content: string): string {
  const down =
    tool === 'dbmate' || /^\s*--\s*migrate:up\b/m.test(content)
      ? /^\s*--\s*migrate:down\b/m.exec(content)
      : tool === 'goose' || GOOSE_UP.test(content)
        ? GOOSE_DOWN.exec(content)
        : null;
  if (!down) return content;
  return content.slice(0, down.index) + content.slice(down.index).replace(/[^\n]/g, ' ');
}
