/**
 * Alembic revisions read statically: what other layers (engine, rules, models) import from this
 * folder. Nothing runs Python; the revision's `op.*` calls are turned into the SQL Alembic would
 * send on PostgreSQL, with every statement and AST location pointing back into the Python file.
 * Needs loadPythonParser() and loadSqlParser() awaited first.
 *
 * Reading a revision (read-revision.ts is the entry: readAlembicRevision)
 *   revision-header.ts        revision, down_revision, branch_labels, depends_on
 *   op-calls.ts               the op.* calls of upgrade()/downgrade() in run order (batch, autocommit, loops)
 *   mapped-statements.ts      generated SQL → SqlStatements whose ranges point into the Python file
 * Translating one op.* call into SQL (translate-op.ts dispatches by operation name)
 *   translate-table-ops.ts    create_table, drop_table, rename_table
 *   translate-column-ops.ts   add_column, drop_column, alter_column
 *   translate-index-ops.ts    create_index, drop_index
 *   translate-constraint-ops.ts  foreign key, unique, check, primary key, exclusion; drop_constraint
 *   translate-data-ops.ts     execute, bulk_insert, Enum.create/drop, table comments
 *   bound-arguments.ts        which call argument fills which parameter (keyword or position, batch)
 *   literal-arguments.ts      an argument's value as a literal name/flag/string, or Unresolvable
 *   column-spec.ts            one sa.Column(...) read into name, type, nullability, defaults, keys
 *   column-types.ts           SQLAlchemy types as PostgreSQL DDL types
 *   column-ddl.ts             column definitions and FOREIGN KEY clauses as SQLAlchemy writes them
 *   server-default.ts         server_default= as a DEFAULT clause
 *   sql-builder.ts            SQL text plus the Python range each piece came from; quoting
 * The revision graph
 *   revision-graph.ts         parents and heads from down_revision
 *   plan-revisions.ts         a change's revisions in `alembic upgrade` order, heads before/after
 * What Alembic rules reason about
 *   revision-effects.ts       whether upgrade() changes the schema, data changes on existing tables
 *   reversibility.ts          which downgrade() operation undoes each upgrade() operation
 * (What a checkAlembic rule sees and reports is part of the rule API: src/rules/api/alembic-context.ts.)
 */

export { readAlembicRevision, type AlembicRevision, type MigrationFunction } from './read-revision.js';
export { planAlembicRevisions, type RevisionFile, type RevisionPlan } from './plan-revisions.js';
export type { RevisionGraphFacts } from './revision-graph.js';
export { changesSchema, dataChangesOnExistingTables, type DataChangeSite } from './revision-effects.js';
export { renamedTables, requiredUndo, tableTouched, undoneKeys, type Undo } from './reversibility.js';
export { BoundArguments } from './bound-arguments.js';
export { optionalName, type NameArgument } from './literal-arguments.js';
export type { OpCall } from './op-calls.js';
export type { TranslatedOp } from './translate-op.js';
