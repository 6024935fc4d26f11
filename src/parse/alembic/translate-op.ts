import type { Span } from '../python/python-values.js';
import type { ColumnSpec } from './column-spec.js';
import type { OpCall } from './op-calls.js';
import { describeValue } from './literal-arguments.js';
import { SqlBuilder, Unresolvable, type GeneratedSql } from './sql-builder.js';
import { translateAddColumn, translateAlterColumn, translateDropColumn } from './translate-column-ops.js';
import {
  translateCreateCheckConstraint,
  translateCreateExcludeConstraint,
  translateCreateForeignKey,
  translateCreatePrimaryKey,
  translateCreateUniqueConstraint,
  translateDropConstraint,
} from './translate-constraint-ops.js';
import {
  translateBulkInsert,
  translateEnumCommand,
  translateExecute,
  translateTableComment,
  UnresolvedDataChange,
  type DataChange,
} from './translate-data-ops.js';
import { translateCreateIndex, translateDropIndex } from './translate-index-ops.js';
import { translateCreateTable, translateDropTable, translateRenameTable } from './translate-table-ops.js';

/**
 * One `op.*` call → the PostgreSQL statements Alembic would send for it, or the reason it cannot
 * be known statically. The table below is the whole list of operations dbarch translates.
 */

type Translator = (op: OpCall, builder: SqlBuilder) => ColumnSpec | ColumnSpec[] | void;

const TRANSLATORS: Record<string, Translator> = {
  add_column: translateAddColumn,
  drop_column: translateDropColumn,
  alter_column: translateAlterColumn,
  create_table: translateCreateTable,
  drop_table: translateDropTable,
  rename_table: translateRenameTable,
  create_index: translateCreateIndex,
  drop_index: translateDropIndex,
  create_foreign_key: translateCreateForeignKey,
  create_unique_constraint: translateCreateUniqueConstraint,
  create_check_constraint: translateCreateCheckConstraint,
  create_primary_key: translateCreatePrimaryKey,
  create_exclude_constraint: translateCreateExcludeConstraint,
  drop_constraint: translateDropConstraint,
  execute: translateExecute,
  bulk_insert: translateBulkInsert,
  create_table_comment: translateTableComment,
  drop_table_comment: translateTableComment,
  'enum.create': translateEnumCommand,
  'enum.drop': translateEnumCommand,
};

/** Operations that send nothing to the database. */
const NO_SQL = new Set(['inline_literal', 'f', 'get_bind', 'get_context', 'implementation_for', 'invoke', 'run_async']);

export interface TranslatedOp {
  op: OpCall;
  /** The generated SQL; absent when unresolved or when the operation sends nothing. */
  sql?: GeneratedSql;
  /** Columns the operation defines (add_column, create_table), for Alembic rules. */
  columns: ColumnSpec[];
  unresolved?: { reason: string; span: Span };
  /** What an unresolved data operation is known to do (a data change on a table). */
  dataChange?: DataChange;
}

export function translateOp(op: OpCall): TranslatedOp {
  if (NO_SQL.has(op.name)) return { op, columns: [] };
  const translator = TRANSLATORS[op.name];
  if (!translator)
    return { op, columns: [], unresolved: { reason: `op.${op.name}() is not an operation dbarch translates`, span: op.span } };
  const recreate = op.batch?.recreate;
  if (recreate && !(recreate.type === 'str' && recreate.value !== 'always')) {
    return {
      op,
      columns: [],
      unresolved: {
        reason: `batch_alter_table(recreate=…) is ${describeValue(recreate)}: "always" copies the whole table into a new one`,
        span: op.span,
      },
    };
  }
  const builder = new SqlBuilder();
  try {
    const columns = translator(op, builder) ?? [];
    return { op, sql: builder.build(), columns: Array.isArray(columns) ? columns : [columns] };
  } catch (error) {
    if (!(error instanceof Unresolvable)) throw error;
    return {
      op,
      columns: [],
      unresolved: { reason: error.reason, span: error.span ?? op.span },
      ...(error instanceof UnresolvedDataChange ? { dataChange: error.change } : {}),
    };
  }
}
