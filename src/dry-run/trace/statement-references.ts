/**
 * What a statement refers to, read from its parse tree: the relations it names with the columns
 * it uses of each, the columns it adds, drops or fills, FK targets with their key columns, types,
 * schemas and constraints. The dry run builds stand-ins from this when the base lacks an object
 * (stand-ins.ts): a PATH review of a file whose tables no reviewed migration creates.
 */

export interface ReferencedRelation {
  /** As dbarch writes relation names: unqualified in `public`, schema-qualified elsewhere. */
  name: string;
  schema?: string;
  relname: string;
  /** Columns the statement reads, indexes, alters or constrains. */
  columns: string[];
  /** Columns the statement adds (a stand-in must not have them already). */
  adds: string[];
  /** Key columns an FK points at: a stand-in gets them as its primary key. */
  primaryKey?: string[];
  /** Types known from the statement (an FK's referencing column, a CREATE TABLE column). */
  columnTypes: Record<string, string>;
  /** An FK target's key takes the types of these referencing columns, read from the catalog when they exist. */
  keyTypesFrom?: { relation: string; columns: string[] };
}

export interface StatementReferences {
  relations: ReferencedRelation[];
  /** `relation.column` the statement sets (UPDATE … SET). */
  updated: string[];
  /** `relation.column` the statement drops or renames away. */
  removed: string[];
  /** Relations the statement drops (DROP TABLE / VIEW / INDEX …) or renames away. */
  dropped: string[];
  /** Constraints the statement drops, validates or alters, by relation. */
  constraints: { relation: string; name: string }[];
  /** Type names as written (schema-qualified when written so). */
  types: string[];
  schemas: string[];
  /** ALTER COLUMN … TYPE: a stand-in's guessed column type makes the observed rewrite meaningless. */
  altersColumnType: boolean;
}

type Node = Record<string, unknown>;

/** ALTER TABLE subcommands whose `name` is a column. */
const COLUMN_COMMANDS = new Set([
  'AT_AlterColumnType',
  'AT_ColumnDefault',
  'AT_CookedColumnDefault',
  'AT_DropNotNull',
  'AT_SetNotNull',
  'AT_DropColumn',
  'AT_SetStatistics',
  'AT_SetStorage',
  'AT_SetCompression',
  'AT_SetOptions',
  'AT_ResetOptions',
  'AT_AddIdentity',
  'AT_SetIdentity',
  'AT_DropIdentity',
  'AT_DropExpression',
  'AT_SetExpression',
  'AT_AlterColumnGenericOptions',
]);
const RELATION_KINDS = new Set([
  'OBJECT_TABLE',
  'OBJECT_VIEW',
  'OBJECT_MATVIEW',
  'OBJECT_INDEX',
  'OBJECT_SEQUENCE',
  'OBJECT_FOREIGN_TABLE',
]);
const CONSTRAINT_COMMANDS = new Set(['AT_DropConstraint', 'AT_ValidateConstraint', 'AT_AlterConstraint']);

export function statementReferences(kind: string | undefined, ast: Node | undefined): StatementReferences | undefined {
  if (!kind || !ast) return undefined;
  const collector = new Collector();
  collector.statement(kind, ast);
  collector.finish();
  return collector.result();
}

class Collector {
  private readonly relations = new Map<string, ReferencedRelation>();
  private readonly aliases = new Map<string, string>();
  private readonly updated = new Set<string>();
  private readonly removed = new Set<string>();
  private readonly dropped = new Set<string>();
  private readonly constraints: { relation: string; name: string }[] = [];
  private readonly types = new Set<string>();
  private readonly schemas = new Set<string>();
  private altersColumnType = false;
  /** Where unqualified column references go: the statement's target, else its first relation. */
  private target: string | undefined;

  /** CREATE TABLE's column types, for the key of a table-level FK's target. */
  private readonly createdTypes = new Map<string, string>();

  statement(kind: string, ast: Node): void {
    if (kind === 'CreateStmt') {
      for (const element of (ast.tableElts as Node[] | undefined) ?? []) {
        const column = element.ColumnDef as Node | undefined;
        const type = column?.typeName ? typeText(column.typeName as Node) : undefined;
        if (typeof column?.colname === 'string' && type) this.createdTypes.set(column.colname, type);
      }
    }
    const relation = ast.relation as Node | undefined;
    if (relation && ['AlterTableStmt', 'IndexStmt', 'UpdateStmt', 'InsertStmt', 'DeleteStmt', 'RenameStmt'].includes(kind)) {
      this.target = this.relation(relation).name;
    }
    if (kind === 'DropStmt' && RELATION_KINDS.has(String(ast.removeType))) {
      // DROP names its objects as lists of names, not RangeVars.
      for (const object of (ast.objects as Node[] | undefined) ?? []) {
        const names = strings((object.List as Node | undefined)?.items);
        if (names.length === 0) continue;
        const relname = names[names.length - 1]!;
        const schema = names.length > 1 ? names[names.length - 2] : undefined;
        const relation = this.relation({ relname, ...(schema ? { schemaname: schema } : {}) });
        this.dropped.add(relation.name);
      }
    }
    if (kind === 'RenameStmt' && this.target && RELATION_KINDS.has(String(ast.renameType))) this.dropped.add(this.target);
    if (kind === 'AlterTableStmt' && this.target) this.alterTable(this.target, (ast.cmds as Node[] | undefined) ?? []);
    if (kind === 'IndexStmt' && this.target) {
      for (const param of (ast.indexParams as Node[] | undefined) ?? []) {
        const name = (param.IndexElem as Node | undefined)?.name;
        if (typeof name === 'string') this.column(this.target, name);
      }
    }
    if (kind === 'RenameStmt' && this.target && ast.renameType === 'OBJECT_COLUMN' && typeof ast.subname === 'string') {
      this.column(this.target, ast.subname);
      this.removed.add(`${this.target}.${ast.subname}`);
    }
    if (kind === 'UpdateStmt' && this.target) {
      for (const item of (ast.targetList as Node[] | undefined) ?? []) {
        const name = (item.ResTarget as Node | undefined)?.name;
        if (typeof name !== 'string') continue;
        this.column(this.target, name);
        this.updated.add(`${this.target}.${name}`);
      }
    }
    if (kind === 'InsertStmt' && this.target) {
      for (const item of (ast.cols as Node[] | undefined) ?? []) {
        const name = (item.ResTarget as Node | undefined)?.name;
        if (typeof name === 'string') this.column(this.target, name);
      }
    }
    this.walk(ast);
  }

  result(): StatementReferences {
    return {
      relations: [...this.relations.values()],
      updated: [...this.updated],
      removed: [...this.removed],
      dropped: [...this.dropped],
      constraints: this.constraints,
      types: [...this.types],
      schemas: [...this.schemas],
      altersColumnType: this.altersColumnType,
    };
  }

  private alterTable(target: string, commands: readonly Node[]): void {
    for (const wrapped of commands) {
      const command = wrapped.AlterTableCmd as Node | undefined;
      if (!command) continue;
      const subtype = String(command.subtype);
      const name = typeof command.name === 'string' ? command.name : undefined;
      if (subtype === 'AT_AlterColumnType') this.altersColumnType = true;
      if (subtype === 'AT_AddColumn') {
        const column = (command.def as Node | undefined)?.ColumnDef as Node | undefined;
        if (typeof column?.colname === 'string') this.relations.get(target)!.adds.push(column.colname);
      } else if (name && COLUMN_COMMANDS.has(subtype)) {
        this.column(target, name);
        if (subtype === 'AT_DropColumn') this.removed.add(`${target}.${name}`);
      } else if (name && CONSTRAINT_COMMANDS.has(subtype)) {
        this.constraints.push({ relation: target, name });
      }
      const constraint = (command.def as Node | undefined)?.Constraint as Node | undefined;
      if (constraint) {
        for (const key of [...strings(constraint.keys), ...strings(constraint.fk_attrs), ...strings(constraint.including)])
          this.column(target, key);
      }
    }
  }

  /** Every RangeVar, ColumnRef, TypeName and FK constraint anywhere in the tree. */
  private walk(value: unknown): void {
    if (Array.isArray(value)) {
      for (const item of value) this.walk(item);
      return;
    }
    if (!value || typeof value !== 'object') return;
    const node = value as Node;
    if (node.RangeVar) this.relation(node.RangeVar as Node);
    if (node.ColumnRef) this.columnRef(node.ColumnRef as Node);
    if (node.TypeName) this.typeName(node.TypeName as Node);
    if (node.ColumnDef) {
      const column = node.ColumnDef as Node;
      const type = column.typeName ? typeText(column.typeName as Node) : undefined;
      // A column-level REFERENCES without a column list points at the target's primary key.
      for (const wrapped of (column.constraints as Node[] | undefined) ?? []) {
        const constraint = wrapped.Constraint as Node | undefined;
        if (constraint?.contype === 'CONSTR_FOREIGN') this.foreignKey(constraint, type ? [type] : []);
      }
    }
    if (node.Constraint) {
      const constraint = node.Constraint as Node;
      const columns = strings(constraint.fk_attrs);
      if (constraint.contype === 'CONSTR_FOREIGN' && columns.length > 0) {
        const target = this.foreignKey(
          constraint,
          columns.map((column) => this.createdTypes.get(column) ?? ''),
        );
        if (target && this.target && columns.every((column) => !this.createdTypes.has(column)))
          target.keyTypesFrom = { relation: this.target, columns };
      }
    }
    for (const [key, child] of Object.entries(node)) {
      if (key === 'RangeVar' || key === 'ColumnRef') continue;
      this.walk(child);
    }
  }

  private foreignKey(constraint: Node, types: string[]): ReferencedRelation | undefined {
    const pktable = constraint.pktable as Node | undefined;
    if (!pktable) return undefined;
    const target = this.relation(pktable);
    const keys = strings(constraint.pk_attrs);
    const primaryKey = keys.length > 0 ? keys : ['id'];
    target.primaryKey = primaryKey;
    primaryKey.forEach((key, index) => {
      if (!target.columns.includes(key)) target.columns.push(key);
      if (types[index]) target.columnTypes[key] = types[index]!;
    });
    return target;
  }

  private relation(rangeVar: Node): ReferencedRelation {
    const relname = String(rangeVar.relname);
    const schema = typeof rangeVar.schemaname === 'string' ? rangeVar.schemaname : undefined;
    const name = schema && schema !== 'public' ? `${schema}.${relname}` : relname;
    if (schema) this.schemas.add(schema);
    const alias = ((rangeVar.alias as Node | undefined)?.aliasname as string | undefined) ?? undefined;
    if (alias) this.aliases.set(alias, name);
    this.aliases.set(relname, name);
    let relation = this.relations.get(name);
    if (!relation) {
      relation = { name, relname, ...(schema ? { schema } : {}), columns: [], adds: [], columnTypes: {} };
      this.relations.set(name, relation);
      this.target ??= name;
    }
    return relation;
  }

  private columnRef(ref: Node): void {
    const fields = strings(ref.fields);
    if (fields.length === 0) return;
    const column = fields[fields.length - 1]!;
    const qualifier = fields.length >= 2 ? fields[fields.length - 2] : undefined;
    const relation = qualifier ? this.aliases.get(qualifier) : this.target;
    if (relation) this.column(relation, column);
    else if (qualifier) this.pendingQualified.push([qualifier, column]);
  }

  /** Qualified references seen before their relation (a SELECT list before its FROM). */
  private readonly pendingQualified: [string, string][] = [];

  private column(relation: string, column: string): void {
    const entry = this.relations.get(relation);
    if (entry && !entry.columns.includes(column)) entry.columns.push(column);
  }

  private typeName(typeName: Node): void {
    const names = strings(typeName.names);
    if (names.length === 0 || names[0] === 'pg_catalog') return;
    this.types.add(names.join('.'));
    if (names.length > 1) this.schemas.add(names[0]!);
  }

  /** Resolves the qualified references whose relation came later in the tree. */
  finish(): void {
    for (const [qualifier, column] of this.pendingQualified) {
      const relation = this.aliases.get(qualifier);
      if (relation) this.column(relation, column);
    }
  }
}

function strings(list: unknown): string[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((item: Node) => {
    const value = (item.String as Node | undefined)?.sval;
    return typeof value === 'string' ? [value] : [];
  });
}

/** A TypeName as SQL (`pg_catalog.int4`, `public.status[]`), precise enough for a stand-in's column. */
function typeText(typeName: Node): string | undefined {
  const names = strings(typeName.names);
  if (names.length === 0) return undefined;
  const base = names.map((name) => `"${name.replace(/"/g, '""')}"`).join('.');
  return Array.isArray(typeName.arrayBounds) && typeName.arrayBounds.length > 0 ? `${base}[]` : base;
}
