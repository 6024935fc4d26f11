import type { SqlStatement } from '../parse/sql/parse-sql.js';
import { asArray, dottedName, nodeOf, relationName, type AstObject } from '../parse/sql/ast.js';
import type { RelationLock } from '../review-types/index.js';

/**
 * The state of the database session while a migration file runs: whether a statement runs inside a
 * transaction block (opened by the file or by the migration tool), what that transaction already
 * holds, and which timeouts are in force. Rules see a snapshot taken just before their statement.
 */

export interface TransactionSnapshot {
  inTransaction: boolean;
  /** Opened by BEGIN/START TRANSACTION in the file (false when only the tool wraps the file). */
  explicit: boolean;
  /** 1-based ordinal of the current transaction block in the file; 0 outside one. */
  ordinal: number;
  /** Statements already run in the current transaction. */
  statementsBefore: number;
  /** Pre-existing relations the current transaction already holds ACCESS EXCLUSIVE on, with the line that took it. */
  accessExclusiveHeld: ReadonlyMap<string, number>;
  /** Names in accessExclusiveHeld that are indexes whose table is unknown: the lock is on that table. */
  unknownIndexTables: ReadonlySet<string>;
  /** Constraints added in the current transaction (name → table). */
  constraintsAdded: ReadonlyMap<string, string>;
}

export interface SessionSettings {
  lockTimeout?: string;
  statementTimeout?: string;
}

export interface SessionSnapshot {
  transaction: TransactionSnapshot;
  settings: SessionSettings;
}

const TIMEOUT_SETTINGS: Record<string, keyof SessionSettings> = {
  lock_timeout: 'lockTimeout',
  statement_timeout: 'statementTimeout',
};

export class SessionTracker {
  private explicit = false;
  private inTransaction: boolean;
  private ordinal: number;
  private statementsBefore = 0;
  private accessExclusiveHeld = new Map<string, number>();
  private unknownIndexTables = new Set<string>();
  private constraintsAdded = new Map<string, string>();
  private settings: SessionSettings = {};
  /** Settings made with SET LOCAL, undone when the transaction ends. */
  private localSettings: SessionSettings = {};

  /** `implicitTransaction`: the migration tool wraps the whole file in one transaction. */
  constructor(private readonly implicitTransaction: boolean) {
    this.inTransaction = implicitTransaction;
    this.ordinal = implicitTransaction ? 1 : 0;
  }

  snapshot(): SessionSnapshot {
    return {
      transaction: {
        inTransaction: this.inTransaction,
        explicit: this.explicit,
        ordinal: this.ordinal,
        statementsBefore: this.statementsBefore,
        accessExclusiveHeld: new Map(this.accessExclusiveHeld),
        unknownIndexTables: new Set(this.unknownIndexTables),
        constraintsAdded: new Map(this.constraintsAdded),
      },
      settings: { ...this.settings, ...this.localSettings },
    };
  }

  /** Records a statement's effects; `existingLocks` are its locks on relations not new in the change. */
  after(statement: SqlStatement, existingLocks: RelationLock[], line: number): void {
    const ast = statement.ast;
    if (statement.kind === 'TransactionStmt' && ast) return this.transactionCommand(String(ast.kind));
    if (statement.kind === 'VariableSetStmt' && ast) this.setVariable(ast);
    if (!this.inTransaction) return;
    this.statementsBefore += 1;
    // A table, view or sequence the transaction drops blocks nothing that still exists: once the drop
    // commits every query on it fails anyway (drop-table says so), so its lock is no longer one to weigh.
    const dropped = droppedRelations(statement);
    for (const name of dropped) this.accessExclusiveHeld.delete(name);
    for (const lock of existingLocks) {
      if (dropped.has(lock.relation)) continue;
      if (lock.mode === 'ACCESS EXCLUSIVE' && !this.accessExclusiveHeld.has(lock.relation)) {
        this.accessExclusiveHeld.set(lock.relation, line);
        if (lock.index === lock.relation) this.unknownIndexTables.add(lock.relation);
      }
    }
    if (statement.kind === 'AlterTableStmt' && ast) this.recordConstraints(ast);
  }

  private transactionCommand(kind: string): void {
    if (kind === 'TRANS_STMT_BEGIN' || kind === 'TRANS_STMT_START') {
      if (!this.inTransaction) this.ordinal += 1;
      this.inTransaction = true;
      this.explicit = true;
    } else if (['TRANS_STMT_COMMIT', 'TRANS_STMT_ROLLBACK', 'TRANS_STMT_COMMIT_PREPARED', 'TRANS_STMT_PREPARE'].includes(kind)) {
      this.inTransaction = false;
      this.explicit = false;
      this.statementsBefore = 0;
      this.accessExclusiveHeld = new Map();
      this.unknownIndexTables = new Set();
      this.constraintsAdded = new Map();
      this.localSettings = {};
    }
  }

  private setVariable(ast: AstObject): void {
    const key = TIMEOUT_SETTINGS[String(ast.name ?? '').toLowerCase()];
    if (!key) return;
    const value = ast.kind === 'VAR_SET_VALUE' ? settingValue(ast.args) : undefined;
    const target = ast.is_local ? this.localSettings : this.settings;
    if (value === undefined || value === '0') delete target[key];
    else target[key] = value;
  }

  private recordConstraints(ast: AstObject): void {
    const table = relationName(ast.relation);
    for (const item of asArray(ast.cmds)) {
      const command = nodeOf(item, 'AlterTableCmd');
      const constraint = command?.subtype === 'AT_AddConstraint' ? nodeOf(command.def, 'Constraint') : undefined;
      if (constraint?.conname && table) this.constraintsAdded.set(String(constraint.conname), table);
    }
  }
}

function settingValue(args: unknown): string | undefined {
  const first = nodeOf(asArray(args)[0], 'A_Const');
  if (!first) return undefined;
  const text = (first.sval as AstObject | undefined)?.sval ?? (first.ival as AstObject | undefined)?.ival ?? (first.ival ? 0 : undefined);
  return text === undefined ? undefined : String(text);
}

const DROPPED_KINDS = new Set(['OBJECT_TABLE', 'OBJECT_VIEW', 'OBJECT_MATVIEW', 'OBJECT_SEQUENCE', 'OBJECT_FOREIGN_TABLE']);

/** Relations a DROP TABLE / VIEW / SEQUENCE … removes, named as the lock model names them. */
function droppedRelations(statement: SqlStatement): Set<string> {
  const ast = statement.ast;
  if (statement.kind !== 'DropStmt' || !ast || !DROPPED_KINDS.has(String(ast.removeType))) return new Set();
  const names = asArray(ast.objects).map((object) => dottedName(nodeOf(object, 'List')?.items ?? object));
  return new Set(names.filter((name): name is string => typeof name === 'string' && name.length > 0));
}
