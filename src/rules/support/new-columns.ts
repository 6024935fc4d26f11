import type { SqlStatement } from '../../parse/sql/parse-sql.js';
import { asArray, nodeOf, relationName, stringList, type AstObject } from '../../parse/sql/ast.js';
import { alterTableCommands, columnConstraints, writtenRelationName } from './alter-table.js';
import { columnTypeOf, type ColumnType } from './column-types.js';

/**
 * The columns a statement defines — in CREATE TABLE, ADD COLUMN, or (for type choices) ALTER COLUMN
 * TYPE — with their key roles. Schema-design rules judge only these: the migration chose them, so it
 * can still choose better. Columns the migration does not touch are never judged.
 */

export type ColumnOrigin = 'create-table' | 'add-column' | 'alter-type';

export interface NewColumn {
  /** Normalised table name (see relationName). */
  table: string;
  tableAsWritten: string;
  name: string;
  /** The ColumnDef node (for ALTER COLUMN TYPE: only the type and USING). */
  definition: AstObject;
  type: ColumnType;
  typeLocation?: number;
  /** Byte location of the column name (the type's for ALTER COLUMN TYPE). */
  location?: number;
  origin: ColumnOrigin;
  primaryKey: boolean;
  /** Set when the column references another table, in its own definition or a constraint of the same statement. */
  foreignKey?: { table?: string; column?: string };
}

export function newColumns(statement: SqlStatement): NewColumn[] {
  if (statement.kind === 'CreateStmt' && statement.ast) return createTableColumns(statement.ast);
  const alter = alterTableCommands(statement);
  if (!alter) return [];
  const columns: NewColumn[] = [];
  const tableConstraints: AstObject[] = [];
  for (const command of alter.commands) {
    const definition = nodeOf(command.def, 'ColumnDef');
    if (command.subtype === 'AT_AddColumn' && definition) {
      columns.push(describe(alter.table, alter.tableAsWritten, String(definition.colname), definition, 'add-column'));
    } else if (command.subtype === 'AT_AlterColumnType' && definition && typeof command.name === 'string') {
      columns.push(describe(alter.table, alter.tableAsWritten, command.name, definition, 'alter-type'));
    } else if (command.subtype === 'AT_AddConstraint') {
      const constraint = nodeOf(command.def, 'Constraint');
      if (constraint) tableConstraints.push(constraint);
    }
  }
  applyTableConstraints(
    columns.filter((column) => column.origin === 'add-column'),
    tableConstraints,
  );
  return columns;
}

function createTableColumns(ast: AstObject): NewColumn[] {
  const table = relationName(ast.relation);
  if (!table) return [];
  const written = writtenRelationName(ast.relation);
  const columns = asArray(ast.tableElts)
    .map((element) => nodeOf(element, 'ColumnDef'))
    .filter((definition): definition is AstObject => !!definition)
    .map((definition) => describe(table, written, String(definition.colname), definition, 'create-table'));
  const constraints = asArray(ast.tableElts)
    .map((element) => nodeOf(element, 'Constraint'))
    .filter((constraint): constraint is AstObject => !!constraint);
  applyTableConstraints(columns, constraints);
  return columns;
}

function describe(table: string, tableAsWritten: string, name: string, definition: AstObject, origin: ColumnOrigin): NewColumn {
  const typeLocation = (definition.typeName as AstObject | undefined)?.location as number | undefined;
  const column: NewColumn = {
    table,
    tableAsWritten,
    name,
    definition,
    type: columnTypeOf(definition.typeName),
    typeLocation,
    location: origin === 'alter-type' ? typeLocation : (definition.location as number | undefined),
    origin,
    primaryKey: false,
  };
  for (const constraint of columnConstraints(definition)) {
    if (constraint.contype === 'CONSTR_PRIMARY') column.primaryKey = true;
    if (constraint.contype === 'CONSTR_FOREIGN') column.foreignKey = referenced(constraint, 0);
  }
  return column;
}

/** Table-level PRIMARY KEY (a, b) and FOREIGN KEY (a) REFERENCES … of the same statement. */
function applyTableConstraints(columns: NewColumn[], constraints: AstObject[]): void {
  const byName = new Map(columns.map((column) => [column.name, column]));
  for (const constraint of constraints) {
    if (constraint.contype === 'CONSTR_PRIMARY') {
      for (const key of stringList(constraint.keys)) if (byName.has(key)) byName.get(key)!.primaryKey = true;
    } else if (constraint.contype === 'CONSTR_FOREIGN') {
      stringList(constraint.fk_attrs).forEach((key, position) => {
        if (byName.has(key)) byName.get(key)!.foreignKey = referenced(constraint, position);
      });
    }
  }
}

function referenced(constraint: AstObject, position: number): { table?: string; column?: string } {
  return { table: relationName(constraint.pktable), column: stringList(constraint.pk_attrs)[position] };
}
