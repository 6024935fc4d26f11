import type { MigrationTool } from '../../review-types/index.js';
import type { TransactionSnapshot } from '../../analysis/session-state.js';
import type { SqlStatement } from '../../parse/sql/parse-sql.js';
import type { FileInfo } from '../api/sql-context.js';

/**
 * Whether a statement runs inside a transaction block, and how to run it outside one with each
 * migration tool. CONCURRENTLY operations refuse to run inside a block, and every tool has its own
 * way to opt a migration out of the transaction it would otherwise open.
 */

const TOOL_NAMES: Record<MigrationTool, string> = {
  prisma: 'Prisma',
  flyway: 'Flyway',
  'golang-migrate': 'golang-migrate',
  dbmate: 'dbmate',
  sqitch: 'sqitch',
  supabase: 'Supabase',
  alembic: 'Alembic',
  diesel: 'Diesel',
  goose: 'goose',
  plain: 'the migration runner',
};

const TOOL_ADVICE: Record<MigrationTool, string> = {
  prisma:
    'Give this statement a migration of its own that contains nothing else (create it with `prisma migrate dev --create-only`, then edit migration.sql): Prisma runs a single-statement migration without a transaction.',
  flyway:
    'Move it into a migration of its own: Flyway runs CREATE/DROP INDEX CONCURRENTLY alone in a migration without a transaction; for other statements add a script configuration file next to the migration (`V…__name.sql.conf`) containing `executeInTransaction=false`.',
  'golang-migrate':
    'Put it alone in its own .up.sql file without BEGIN/COMMIT (or set `x-multi-statement=true` in the database URL, so statements are sent one by one).',
  dbmate: 'Put it alone in a migration that starts with `-- migrate:up transaction:false`.',
  sqitch: 'Remove BEGIN/COMMIT around it in the deploy script, ideally in a change of its own.',
  supabase: 'Run it separately (e.g. with psql) rather than from a migration file.',
  alembic: 'Run it inside `with op.get_context().autocommit_block():` in the revision, so Alembic commits first and runs it on its own.',
  diesel: "Put it alone in a migration of its own and add a `metadata.toml` with `run_in_transaction = false` to that migration's folder.",
  goose: 'Put it in a migration of its own that starts with `-- +goose NO TRANSACTION`.',
  plain: 'Run it on its own, outside any BEGIN … COMMIT block.',
};

/**
 * Why the statement runs inside a transaction block, or undefined when it does not: a BEGIN in the
 * file, the tool's own transaction, or (golang-migrate, dbmate) a file sent as one multi-statement
 * query string, which PostgreSQL runs as one implicit transaction.
 */
export function transactionBlockReason(
  file: FileInfo,
  transaction: TransactionSnapshot,
  statements: readonly SqlStatement[],
): string | undefined {
  if (transaction.inTransaction && transaction.explicit) return 'it runs between BEGIN and COMMIT';
  // The engine's transaction model (runsInImplicitTransaction) already knows each tool's
  // convention; a file sent as one query string stays one implicit block even after a COMMIT.
  if (sendsFileAsOneQuery(file.tool) && statements.length > 1) {
    return `${TOOL_NAMES[file.tool]} sends the file's ${statements.length} statements as one query string, which PostgreSQL runs as one implicit transaction`;
  }
  if (transaction.inTransaction) return `${TOOL_NAMES[file.tool]} runs this migration file in one transaction`;
  return undefined;
}

/** One or two sentences saying how to run the statement outside a transaction with this file's tool. */
export function outsideTransactionAdvice(file: FileInfo, explicitBlock: boolean): string {
  if (!explicitBlock) return TOOL_ADVICE[file.tool];
  const move = 'Move it out of the BEGIN … COMMIT block';
  return file.tool === 'plain' ? `${move} and run it on its own.` : `${move}. ${TOOL_ADVICE[file.tool]}`;
}

/** The tool's name for messages ("the migration runner" for an unknown one). */
export function toolName(tool: MigrationTool): string {
  return TOOL_NAMES[tool];
}

/** Whether the tool sends the whole file (or up section) to PostgreSQL as one multi-statement query string. */
export function sendsFileAsOneQuery(tool: MigrationTool): boolean {
  return tool === 'golang-migrate' || tool === 'dbmate';
}

/**
 * For findings whose fix adds CONCURRENTLY: nothing when the statement runs outside a transaction
 * block, else a sentence saying the fix alone would fail here and how to run it outside one.
 */
export function concurrentlyNote(file: FileInfo, transaction: TransactionSnapshot, statements: readonly SqlStatement[]): string {
  const reason = transactionBlockReason(file, transaction, statements);
  return reason
    ? ` CONCURRENTLY cannot run inside a transaction block, and here ${reason}. ${outsideTransactionAdvice(file, transaction.explicit)}`
    : '';
}
