import type { SqlStatement } from '../parse/sql/parse-sql.js';
import {
  asArray,
  dottedName,
  nodeOf,
  qualifiedName,
  relationName,
  typeNameToString,
  type AstObject,
} from '../parse/sql/ast.js';

/**
 * What the change (and, where known, the base) says about the schema: which tables, columns,
 * indexes and constraints exist, their types, and whether they were created in this change. Rules
 * read it to tell a new, empty table (anything goes) from one production already holds.
 */

/** `change`: created earlier in the reviewed change (new and empty); `base`: exists before it. */
export type Origin = 'change' | 'base';

export interface ColumnFacts {
  name: string;
  type: string;
  notNull: boolean;
  origin: Origin;
}

export interface TableFacts {
  name: string;
  origin: Origin;
  partitioned: boolean;
  columns: Map<string, ColumnFacts>;
}

export interface IndexFacts {
  name: string;
  table: string;
  origin: Origin;
}

export class SchemaFacts {
  readonly tables = new Map<string, TableFacts>();
  readonly indexes = new Map<string, IndexFacts>();
  /** Constraint name → table, for constraints created in the change. */
  readonly constraints = new Map<string, { table: string; origin: Origin }>();
  readonly enums = new Map<string, Origin>();

  constructor(private origin: Origin = 'change') {}

  /** Facts read from base-side migrations are recorded as `base`; call before the change's files. */
  withOrigin(origin: Origin): this {
    this.origin = origin;
    return this;
  }

  /** True when the relation was created earlier in this change, so it is new and empty. */
  isNewTable(name: string | undefined): boolean {
    if (!name) return false;
    const table = this.tables.get(name);
    if (table) return table.origin === 'change';
    const index = this.indexes.get(name);
    return index?.origin === 'change';
  }

  isNewIndex(name: string | undefined): boolean {
    return !!name && this.indexes.get(name)?.origin === 'change';
  }

  column(table: string | undefined, column: string): ColumnFacts | undefined {
    return table ? this.tables.get(table)?.columns.get(column) : undefined;
  }

  /** Updates the facts with what a statement creates, alters or drops. */
  apply(statement: SqlStatement): void {
    const ast = statement.ast;
    if (!ast) return;
    switch (statement.kind) {
      case 'CreateStmt':
        this.createTable(ast);
        break;
      case 'CreateTableAsStmt':
        this.addTable(relationName((ast.into as AstObject | undefined)?.rel), false);
        break;
      case 'IndexStmt':
        this.createIndex(ast);
        break;
      case 'AlterTableStmt':
        this.alterTable(ast);
        break;
      case 'DropStmt':
        this.drop(ast);
        break;
      case 'RenameStmt':
        this.rename(ast);
        break;
      case 'CreateEnumStmt':
        this.enums.set(dottedName(ast.typeName) ?? '', this.origin);
        break;
      default:
        break;
    }
  }

  private addTable(name: string | undefined, partitioned: boolean): TableFacts | undefined {
    if (!name) return undefined;
    const table: TableFacts = { name, origin: this.origin, partitioned, columns: new Map() };
    this.tables.set(name, table);
    return table;
  }

  private createTable(ast: AstObject): void {
    const name = relationName(ast.relation);
    if (name && ast.if_not_exists && this.tables.has(name)) return;
    const table = this.addTable(name, !!ast.partspec);
    if (!table) return;
    for (const element of asArray(ast.tableElts)) {
      const column = nodeOf(element, 'ColumnDef');
      if (column) this.addColumn(table, column);
      const constraint = nodeOf(element, 'Constraint');
      if (constraint?.conname) this.constraints.set(String(constraint.conname), { table: table.name, origin: this.origin });
    }
  }

  private addColumn(table: TableFacts, column: AstObject): void {
    const name = String(column.colname);
    const notNull = asArray(column.constraints).some((item) => {
      const type = nodeOf(item, 'Constraint')?.contype;
      return type === 'CONSTR_NOTNULL' || type === 'CONSTR_PRIMARY';
    });
    table.columns.set(name, { name, type: typeNameToString(column.typeName), notNull, origin: this.origin });
  }

  private createIndex(ast: AstObject): void {
    const table = relationName(ast.relation);
    const name = typeof ast.idxname === 'string' ? qualifiedName(nodeOf(ast.relation, 'RangeVar')?.schemaname as string, ast.idxname) : undefined;
    if (table && name) this.indexes.set(name, { name, table, origin: this.origin });
  }

  private alterTable(ast: AstObject): void {
    const tableName = relationName(ast.relation);
    const table = tableName ? this.tables.get(tableName) : undefined;
    for (const item of asArray(ast.cmds)) {
      const command = nodeOf(item, 'AlterTableCmd');
      if (!command || !tableName) continue;
      this.applyAlterCommand(tableName, table, command);
    }
  }

  private applyAlterCommand(tableName: string, table: TableFacts | undefined, command: AstObject): void {
    const columnName = command.name as string | undefined;
    switch (command.subtype) {
      case 'AT_AddColumn': {
        const column = nodeOf(command.def, 'ColumnDef');
        if (table && column) this.addColumn(table, column);
        break;
      }
      case 'AT_DropColumn':
        if (columnName) table?.columns.delete(columnName);
        break;
      case 'AT_AlterColumnType': {
        const column = columnName ? table?.columns.get(columnName) : undefined;
        const definition = nodeOf(command.def, 'ColumnDef');
        if (column && definition) column.type = typeNameToString(definition.typeName);
        break;
      }
      case 'AT_SetNotNull':
      case 'AT_DropNotNull': {
        const column = columnName ? table?.columns.get(columnName) : undefined;
        if (column) column.notNull = command.subtype === 'AT_SetNotNull';
        break;
      }
      case 'AT_AddConstraint': {
        const constraint = nodeOf(command.def, 'Constraint');
        if (constraint?.conname) this.constraints.set(String(constraint.conname), { table: tableName, origin: this.origin });
        break;
      }
      default:
        break;
    }
  }

  private drop(ast: AstObject): void {
    for (const object of asArray(ast.objects)) {
      const name = dottedName(nodeOf(object, 'List')?.items ?? object);
      if (!name) continue;
      if (ast.removeType === 'OBJECT_TABLE') this.tables.delete(name);
      if (ast.removeType === 'OBJECT_INDEX') this.indexes.delete(name);
    }
  }

  private rename(ast: AstObject): void {
    const from = relationName(ast.relation);
    const to = typeof ast.newname === 'string' ? ast.newname : undefined;
    if (!from || !to) return;
    if (ast.renameType === 'OBJECT_TABLE') {
      const table = this.tables.get(from);
      if (!table) return;
      this.tables.delete(from);
      const schema = nodeOf(ast.relation, 'RangeVar')?.schemaname as string | undefined;
      table.name = qualifiedName(schema, to);
      this.tables.set(table.name, table);
    } else if (ast.renameType === 'OBJECT_COLUMN' && typeof ast.subname === 'string') {
      const table = this.tables.get(from);
      const column = table?.columns.get(ast.subname);
      if (!table || !column) return;
      table.columns.delete(ast.subname);
      column.name = to;
      table.columns.set(to, column);
    }
  }
}
