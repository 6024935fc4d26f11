import type { SqlStatement } from '../parse/sql/parse-sql.js';
import { columnDefinitionKeys, defaultConstraintName, indexColumns, isKeyConstraint, notNullProofColumns } from './key-columns.js';
import {
  asArray,
  dottedName,
  nodeOf,
  stringList,
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

/** A constraint that proves columns non-null: `CHECK (c IS NOT NULL)` or PostgreSQL 18 `NOT NULL c`. */
interface NotNullProof {
  columns: string[];
  validated: boolean;
}

export interface IndexFacts {
  name: string;
  table: string;
  origin: Origin;
  /** Plain leading columns, in index order. */
  columns: string[];
}

/**
 * Every statement SchemaFacts.apply() reads (CREATE TABLE / TABLE AS / INDEX / TYPE … AS ENUM /
 * DOMAIN, ALTER TABLE and its RENAMEs, DROP) starts with one of these words: base schemas are parsed from
 * those alone.
 */
export const FACT_STATEMENT_START = /^(?:CREATE|ALTER|DROP)\b/i;

export class SchemaFacts {
  readonly tables = new Map<string, TableFacts>();
  readonly indexes = new Map<string, IndexFacts>();
  /** Constraint name → table, for constraints created in the change. */
  readonly constraints = new Map<string, { table: string; origin: Origin }>();
  readonly enums = new Map<string, Origin>();
  readonly domains = new Map<string, Origin>();
  /**
   * Index column lists that later migrations of the same change create, by table (filled by the
   * engine before the review starts), so a rule can tell "no index" from "index in the next file".
   */
  readonly plannedIndexes = new Map<string, string[][]>();
  /**
   * Kept by table name even for tables the facts never saw created (an ALTER on a table from
   * outside the reviewed history still teaches which keys and not-null proofs it has).
   */
  private readonly keys = new Map<string, string[][]>();
  private readonly notNullProofs = new Map<string, Map<string, NotNullProof>>();

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

  /** Column lists of every index known on a table: indexes, key constraints, and later migrations' indexes. */
  indexedColumnLists(table: string): string[][] {
    const lists = [...this.indexes.values()].filter((index) => index.table === table).map((index) => index.columns);
    lists.push(...(this.keys.get(table) ?? []), ...(this.plannedIndexes.get(table) ?? []));
    return lists.filter((list) => list.length > 0);
  }

  /** True when a validated constraint proves the column holds no nulls (PG 12+ then skips SET NOT NULL's scan). */
  hasValidatedNotNullProof(table: string, column: string): boolean {
    const proofs = this.notNullProofs.get(table)?.values() ?? [];
    return [...proofs].some((proof) => proof.validated && proof.columns.includes(column));
  }

  /**
   * An independent copy whose later facts are recorded as `origin`: the review's files change the
   * copy, and the base snapshot's facts stay what the base has. (Structured cloning keeps every
   * field, the Maps included, but not the class.)
   */
  copy(origin: Origin): SchemaFacts {
    return (Object.setPrototypeOf(structuredClone(this), SchemaFacts.prototype) as SchemaFacts).withOrigin(origin);
  }

  /** Updates the facts with what a statement creates, alters or drops (other statements are ignored). */
  apply(statement: Pick<SqlStatement, 'kind' | 'ast'>): void {
    const ast = statement.ast;
    if (!ast) return;
    // A new case here must start with a word of FACT_STATEMENT_START: base histories are read through it.
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
      case 'CreateDomainStmt':
        this.domains.set(dottedName(ast.domainname) ?? '', this.origin);
        break;
      default:
        break;
    }
  }

  private addTable(name: string | undefined, partitioned: boolean): TableFacts | undefined {
    if (!name) return undefined;
    const table: TableFacts = { name, origin: this.origin, partitioned, columns: new Map() };
    this.keys.delete(name);
    this.notNullProofs.delete(name);
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
      if (constraint) this.addConstraint(table.name, table, constraint);
    }
  }

  private addColumn(table: TableFacts, column: AstObject): void {
    const name = String(column.colname);
    const notNull = asArray(column.constraints).some((item) => {
      const type = nodeOf(item, 'Constraint')?.contype;
      return type === 'CONSTR_NOTNULL' || type === 'CONSTR_PRIMARY';
    });
    table.columns.set(name, { name, type: typeNameToString(column.typeName), notNull, origin: this.origin });
    this.addKeys(table.name, columnDefinitionKeys(column));
  }

  /** Records a table constraint: its name, the key it indexes, the columns it proves non-null. */
  private addConstraint(tableName: string, table: TableFacts | undefined, constraint: AstObject): void {
    if (constraint.conname) this.constraints.set(String(constraint.conname), { table: tableName, origin: this.origin });
    if (isKeyConstraint(constraint)) {
      const keys = typeof constraint.indexname === 'string' ? this.indexes.get(constraint.indexname)?.columns : stringList(constraint.keys);
      if (keys?.length) this.addKeys(tableName, [keys]);
      if (constraint.contype === 'CONSTR_PRIMARY') for (const key of keys ?? []) this.markNotNull(table, key);
    }
    const proven = notNullProofColumns(constraint);
    if (proven.length === 0) return;
    const name = typeof constraint.conname === 'string' ? constraint.conname : defaultConstraintName(tableName, proven[0]!, constraint);
    const proofs = this.notNullProofs.get(tableName) ?? new Map<string, NotNullProof>();
    proofs.set(name, { columns: proven, validated: !constraint.skip_validation });
    this.notNullProofs.set(tableName, proofs);
    if (constraint.contype === 'CONSTR_NOTNULL' && !constraint.skip_validation)
      for (const column of proven) this.markNotNull(table, column);
  }

  private addKeys(table: string, lists: string[][]): void {
    if (lists.length > 0) this.keys.set(table, [...(this.keys.get(table) ?? []), ...lists]);
  }

  private markNotNull(table: TableFacts | undefined, column: string): void {
    const facts = table?.columns.get(column);
    if (facts) facts.notNull = true;
  }

  private createIndex(ast: AstObject): void {
    const table = relationName(ast.relation);
    const name =
      typeof ast.idxname === 'string' ? qualifiedName(nodeOf(ast.relation, 'RangeVar')?.schemaname as string, ast.idxname) : undefined;
    if (table && name) this.indexes.set(name, { name, table, origin: this.origin, columns: indexColumns(ast) });
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
        if (constraint) this.addConstraint(tableName, table, constraint);
        break;
      }
      case 'AT_ValidateConstraint': {
        const proof = columnName ? this.notNullProofs.get(tableName)?.get(columnName) : undefined;
        if (proof) proof.validated = true;
        break;
      }
      case 'AT_DropConstraint':
        if (columnName) {
          this.notNullProofs.get(tableName)?.delete(columnName);
          this.constraints.delete(columnName);
        }
        break;
      default:
        break;
    }
  }

  private moveTableKeyed(from: string, to: string): void {
    for (const map of [this.keys, this.notNullProofs] as Map<string, unknown>[]) {
      if (map.has(from)) map.set(to, map.get(from));
      map.delete(from);
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
      this.moveTableKeyed(from, table.name);
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
