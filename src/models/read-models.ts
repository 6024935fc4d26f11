import type { Node } from 'web-tree-sitter';
import { readModuleScope } from '../parse/python/module-scope.js';
import { withPythonTree } from '../parse/python/python-parser.js';
import { evaluate, lastName, type PyValue, type Scope } from '../parse/python/python-values.js';
import { isCall } from './column-arguments.js';
import { isRootBase, readClass, type ClassInfo } from './model-class.js';
import { readCoreTable } from './core-table.js';
import { readIndex } from './table-arguments.js';
import type { ModelIndex, ModelModule, ModelStyle, ModelTable } from './model-types.js';

/**
 * Reads the tables a SQLAlchemy or SQLModel module maps: declarative classes (`__tablename__`,
 * SQLModel `table=True`, Flask-SQLAlchemy `db.Model` subclasses), Core `Table(...)` objects and
 * module-level `Index(...)` calls. Columns of mixins and abstract bases defined in the same module
 * are inherited; a base imported from elsewhere makes the table `complete: false`.
 * Needs loadPythonParser() awaited first.
 */

export function readModels(text: string): ModelModule {
  return withPythonTree(text, (source) => {
    const scope = readModuleScope(source.root).values;
    const style: ModelStyle = /^\s*(?:from\s+sqlmodel\b|import\s+sqlmodel\b)/m.test(text) ? 'sqlmodel' : 'sqlalchemy';
    const classes = new Map<string, ClassInfo>();
    const tables: ModelTable[] = [];
    const looseIndexes: Array<{ owner: string; index: ModelIndex }> = [];
    for (const statement of source.root.namedChildren) {
      if (!statement) continue;
      const definition = statement.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement;
      if (definition?.type === 'class_definition') {
        const info = readClass(definition, statement, scope, text, style);
        classes.set(info.name, info);
      } else if (statement.type === 'expression_statement') {
        readModuleStatement(statement, scope, text, { tables, looseIndexes });
      }
    }
    const localRoots = declarativeRoots(scope);
    for (const info of classes.values()) {
      const table = resolveTable(info, classes, localRoots, style);
      if (table) tables.push(table);
    }
    attachIndexes(tables, looseIndexes);
    return { tables, syntaxErrors: source.errors, comments: source.comments, lines: source.lines };
  });
}

/** `users = Table("users", metadata, …)` and `Index("ix", User.email)` at module level. */
function readModuleStatement(
  statement: Node,
  scope: Scope,
  text: string,
  into: { tables: ModelTable[]; looseIndexes: Array<{ owner: string; index: ModelIndex }> },
): void {
  const expression = statement.namedChildren[0];
  const valueNode = expression?.type === 'assignment' ? expression.childForFieldName('right') : expression;
  if (valueNode?.type !== 'call') return;
  const value = evaluate(valueNode, scope);
  if (isCall(value, 'Table')) {
    const variable = expression?.type === 'assignment' ? expression.childForFieldName('left')?.text : undefined;
    const table = readCoreTable(value, statement, text, variable);
    if (table) into.tables.push(table);
  } else if (isCall(value, 'Index')) {
    const owner = indexOwner(value.args.slice(1));
    if (owner) into.looseIndexes.push({ owner, index: readIndex(value) });
  }
}

/** `User.email` → "User"; `users.c.email` → "users". */
function indexOwner(columns: readonly PyValue[]): string | undefined {
  const first = columns.find((item) => item.type === 'name' && item.name.includes('.'));
  return first?.type === 'name' ? first.name.split('.')[0] : undefined;
}

/** Module names bound to a declarative base factory: `Base = declarative_base()`. */
function declarativeRoots(scope: Scope): Set<string> {
  const roots = new Set<string>();
  for (const [name, value] of scope) {
    if (value.type === 'call' && /(?:^|\.)(?:declarative_base|generate_base)$/.test(value.callee ?? '')) roots.add(name);
  }
  return roots;
}

function isTableClass(info: ClassInfo, style: ModelStyle): boolean {
  if (info.abstract) return false;
  if (style === 'sqlmodel' && info.tableKeyword) return true;
  if (info.tableName !== undefined) return true;
  // Flask-SQLAlchemy names the table after a db.Model subclass that declares none.
  return info.bases.some((base) => /^\w+\.Model$/.test(base)) && info.columns.length > 0;
}

function resolveTable(
  info: ClassInfo,
  classes: Map<string, ClassInfo>,
  localRoots: Set<string>,
  style: ModelStyle,
): ModelTable | undefined {
  if (!isTableClass(info, style)) return undefined;
  const inherited = inheritedParts(info, { classes, localRoots, style }, new Set([info.name]));
  const ownAttributes = new Set(info.columns.map((column) => column.attribute));
  return {
    className: info.name,
    tableName: typeof info.tableName === 'string' ? info.tableName : defaultTableName(info, style),
    style,
    nameSpan: info.nameSpan,
    span: info.span,
    columns: [...inherited.columns.filter((column) => !ownAttributes.has(column.attribute)), ...info.columns],
    indexes: [...inherited.indexes, ...info.indexes],
    tableForeignKeys: [...inherited.tableForeignKeys, ...info.tableForeignKeys],
    relationships: [...inherited.relationships, ...info.relationships],
    complete: info.readable && inherited.complete && !info.mapperPrimaryKey,
    indexesKnown: info.readable && inherited.readable,
  };
}

/** SQLModel lowercases the class name; Flask-SQLAlchemy turns CamelCase into snake_case. */
function defaultTableName(info: ClassInfo, style: ModelStyle): string {
  if (style === 'sqlmodel') return info.name.toLowerCase();
  return info.name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
}

type Inherited = Pick<ModelTable, 'columns' | 'indexes' | 'tableForeignKeys' | 'relationships' | 'complete'> & { readable: boolean };

/** Columns and indexes of the mixins and abstract bases defined in this module, nearest last. */
function inheritedParts(
  info: ClassInfo,
  module: { classes: Map<string, ClassInfo>; localRoots: Set<string>; style: ModelStyle },
  seen: Set<string>,
): Inherited {
  const result: Inherited = { columns: [], indexes: [], tableForeignKeys: [], relationships: [], complete: true, readable: true };
  for (const base of [...info.bases].reverse()) {
    const local = module.classes.get(base);
    if (local && !seen.has(base)) {
      seen.add(base);
      const parent = inheritedParts(local, module, seen);
      // A base that maps its own table (joined or single-table inheritance) keeps its columns there.
      const contributes = !isTableClass(local, module.style);
      result.columns.push(...parent.columns, ...(contributes ? local.columns : []));
      result.indexes.push(...parent.indexes, ...(contributes ? local.indexes : []));
      result.tableForeignKeys.push(...parent.tableForeignKeys, ...(contributes ? local.tableForeignKeys : []));
      result.relationships.push(...parent.relationships, ...(contributes ? local.relationships : []));
      result.complete &&= parent.complete && local.readable;
      result.readable &&= parent.readable && local.readable;
    } else if (!local && !isRootBase(base) && !module.localRoots.has(base)) {
      result.complete = false;
    }
  }
  return result;
}

/** Module-level indexes join the table of the class (or Table variable) their columns belong to. */
function attachIndexes(tables: ModelTable[], loose: Array<{ owner: string; index: ModelIndex }>): void {
  for (const { owner, index } of loose) {
    const table = tables.find((candidate) => candidate.className === owner);
    if (table) table.indexes.push(index);
  }
  for (const table of tables) {
    const byAttribute = new Map(table.columns.map((column) => [column.attribute, column.name]));
    for (const index of table.indexes)
      index.columns = index.columns.map((name) => (name ? (byAttribute.get(lastName(name)!) ?? name) : name));
  }
}
