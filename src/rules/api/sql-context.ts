import type { MigrationTool, RelationLock, TransactionWrapping } from '../../review-types/index.js';
import type { SchemaFacts } from '../../analysis/schema-facts.js';
import type { SessionSettings, TransactionSnapshot } from '../../analysis/session-state.js';
import type { SqlStatement } from '../../parse/sql/parse-sql.js';
import type { RuleReport } from './define-rule.js';

/** What a rule knows about the file under review. */
export interface FileInfo {
  path: string;
  tool: MigrationTool;
  /** Whether the migration tool runs this file inside one transaction. */
  implicitTransaction: boolean;
  /** When it does: whether it opens that transaction with BEGIN or sends the file as one implicit transaction. */
  wrapping: TransactionWrapping;
  /** Set when the file is a migration that exists at the base (it was applied) and the change edits it. */
  edited?: EditedMigration;
}

export interface EditedMigration {
  /** Indexes of the statements the base version has too: they are applied to the facts but not checked. */
  unchanged: ReadonlySet<number>;
  /** Statements that are new or altered (the ones reviewed). */
  changed: number;
  /** Statements of the base version that the head no longer has. */
  removed: number;
  /** False when the base version could not be read: every statement then counts as changed. */
  compared: boolean;
}

export interface FileContext {
  file: FileInfo;
  /** Target PostgreSQL major version (config `pgVersion`). */
  pgVersion: number;
  /** Facts as they stand at this point of the change. */
  facts: SchemaFacts;
  /** The session state after the file's last statement (open transaction, timeouts). */
  transaction: TransactionSnapshot;
  statements: readonly SqlStatement[];
  report(report: RuleReport): void;
}

export interface StatementContext {
  file: FileInfo;
  pgVersion: number;
  statement: SqlStatement;
  /** Schema facts from the base and from everything before this statement in the change. */
  facts: SchemaFacts;
  /** Transaction state just before this statement runs. */
  transaction: TransactionSnapshot;
  /** lock_timeout / statement_timeout in force for this statement. */
  settings: SessionSettings;
  /** Locks the statement takes (static model), on every relation it touches. */
  locks: readonly RelationLock[];
  /** Relations the statement locks that existed before the change (not created in it). */
  existingLocks: readonly RelationLock[];
  /** Statements of the file, for rules that look ahead or behind. */
  statements: readonly SqlStatement[];
  report(report: RuleReport): void;
}
