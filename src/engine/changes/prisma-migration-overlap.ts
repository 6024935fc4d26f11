import { normalise } from '../../models/migration-coverage.js';
import { asArray, nodeOf, relationName, type AstObject } from '../../parse/sql/ast.js';
import { parseSql } from '../../parse/sql/parse-sql.js';
import type { PrismaSchema } from '../../parse/prisma/prisma-types.js';
import type { ChangedFile, FileKind } from '../../review-types/index.js';

/**
 * A Prisma change usually holds both the edited schema.prisma and the migration.sql Prisma
 * generated from it. The SQL rules already judge that migration (timestamp-without-time-zone on
 * the timestamp(3) column, foreign-key-without-index on the new foreign key), so the schema's
 * twins of those findings are left out for what the change's migrations create: one finding, on the
 * migration where the change is; on the schema only when no migration of the change has it.
 */

export interface MigratedObjects {
  /** Lower-case table → lower-case columns created, added or retyped by the change's Prisma migrations. */
  columns: Map<string, Set<string>>;
  /** Lower-case tables that get a foreign key in them. */
  foreignKeys: Set<string>;
}

/** The Prisma rules whose finding a migration's SQL finding repeats. */
const TWINS: Record<string, (migrated: MigratedObjects, table: string, column: string | undefined) => boolean> = {
  'prisma-datetime-without-timestamptz': (migrated, table, column) => !!column && !!migrated.columns.get(table)?.has(column),
  'prisma-relation-without-index': (migrated, table) => migrated.foreignKeys.has(table),
};

/** What the change's Prisma migrations create; undefined when the change has no schema.prisma to compare. */
export function migratedObjects(files: readonly (ChangedFile & { kind: FileKind })[]): MigratedObjects | undefined {
  if (!files.some((file) => file.kind === 'prisma-schema')) return undefined;
  const migrated: MigratedObjects = { columns: new Map(), foreignKeys: new Set() };
  for (const file of files) {
    if (file.kind !== 'prisma-migration' || file.status === 'removed' || file.content === undefined) continue;
    for (const statement of parseSql(file.content).statements) readStatement(statement.kind, statement.ast, migrated);
  }
  return migrated;
}

/** Whether the migration's own finding already says what the schema rule would report about this subject. */
export function reportedOnMigration(
  ruleId: string,
  subject: { model: string; field?: string },
  schema: PrismaSchema,
  migrated: MigratedObjects,
): boolean {
  const twin = TWINS[ruleId];
  const model = schema.models.find((candidate) => candidate.name === subject.model);
  if (!twin || !model) return false;
  const field = model.fields.find((candidate) => candidate.name === subject.field);
  const mapped = field?.attributes.find((attribute) => attribute.name === 'map')?.positional[0];
  const column = field ? (mapped ? mapped.replace(/^"|"$/g, '') : field.name).toLowerCase() : undefined;
  return twin(migrated, normalise(model.tableName), column);
}

function readStatement(kind: string, ast: AstObject | undefined, migrated: MigratedObjects): void {
  const table = normalise(relationName(ast?.relation) ?? '');
  if (!ast || !table) return;
  if (kind === 'CreateStmt') {
    for (const element of asArray(ast.tableElts)) {
      const column = nodeOf(element, 'ColumnDef');
      if (column) addColumn(migrated, table, column);
      if (nodeOf(element, 'Constraint')?.contype === 'CONSTR_FOREIGN') migrated.foreignKeys.add(table);
    }
  } else if (kind === 'AlterTableStmt') {
    for (const item of asArray(ast.cmds)) {
      const command = nodeOf(item, 'AlterTableCmd');
      const column = nodeOf(command?.def, 'ColumnDef');
      if (command?.subtype === 'AT_AddColumn' && column) addColumn(migrated, table, column);
      if (command?.subtype === 'AT_AlterColumnType' && typeof command.name === 'string') addName(migrated, table, command.name);
      if (command?.subtype === 'AT_AddConstraint' && nodeOf(command.def, 'Constraint')?.contype === 'CONSTR_FOREIGN')
        migrated.foreignKeys.add(table);
    }
  }
}

function addColumn(migrated: MigratedObjects, table: string, column: AstObject): void {
  if (typeof column.colname === 'string') addName(migrated, table, column.colname);
  const references = asArray(column.constraints).some((item) => nodeOf(item, 'Constraint')?.contype === 'CONSTR_FOREIGN');
  if (references) migrated.foreignKeys.add(table);
}

function addName(migrated: MigratedObjects, table: string, column: string): void {
  const columns = migrated.columns.get(table) ?? new Set<string>();
  columns.add(column.toLowerCase());
  migrated.columns.set(table, columns);
}
