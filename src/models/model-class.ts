import type { Node } from 'web-tree-sitter';
import { calleeName, evaluate, lastName, spanOf, type PyValue, type Scope } from '../parse/python/python-values.js';
import { readAnnotation } from './annotation.js';
import { literalFlag, literalName } from './column-arguments.js';
import { readAttribute } from './model-attribute.js';
import { readTableArguments } from './table-arguments.js';
import type { ModelColumn, ModelIndex, ModelRelationship, ModelStyle, ModelTable } from './model-types.js';

/**
 * One class of a model module, read without deciding yet whether it maps a table: its bases, its
 * `table=True` keyword (SQLModel), `__tablename__`/`__abstract__`/`__table_args__`, and its
 * attributes as columns and relationships. read-models.ts then resolves inheritance.
 */

export interface ClassInfo {
  name: string;
  bases: string[];
  /** SQLModel's `class Hero(SQLModel, table=True)`. */
  tableKeyword: boolean;
  /** Literal `__tablename__`; null when it is declared but not a literal (declared_attr, expression). */
  tableName?: string | null;
  abstract: boolean;
  /** `__mapper_args__ = {"primary_key": …}`. */
  mapperPrimaryKey?: boolean;
  columns: ModelColumn[];
  relationships: ModelRelationship[];
  indexes: ModelIndex[];
  tableForeignKeys: ModelTable['tableForeignKeys'];
  /** False when declared_attr functions or a computed `__table_args__` may add columns or indexes. */
  readable: boolean;
  nameSpan: ModelTable['nameSpan'];
  span: ModelTable['span'];
}

export function readClass(definition: Node, outer: Node, scope: Scope, text: string, style: ModelStyle): ClassInfo {
  const info = classHeader(definition, outer, scope);
  for (const statement of definition.childForFieldName('body')?.namedChildren ?? []) {
    if (!statement) continue;
    if (statement.type === 'decorated_definition' || statement.type === 'function_definition') {
      readMethod(statement, info);
      continue;
    }
    const assignment = statement.type === 'expression_statement' ? statement.namedChildren[0] : undefined;
    if (assignment?.type === 'assignment') readAssignment(assignment, statement, info, { scope, text, style });
  }
  return info;
}

function classHeader(definition: Node, outer: Node, scope: Scope): ClassInfo {
  const bases: string[] = [];
  let tableKeyword = false;
  for (const argument of definition.childForFieldName('superclasses')?.namedChildren ?? []) {
    if (argument?.type === 'keyword_argument') {
      if (argument.childForFieldName('name')?.text === 'table')
        tableKeyword = literalFlag(evaluate(argument.childForFieldName('value'), scope)) === true;
    } else if (argument) {
      bases.push(calleeName(argument.type === 'subscript' ? argument.childForFieldName('value') : argument) ?? argument.text);
    }
  }
  const nameNode = definition.childForFieldName('name') ?? definition;
  return {
    name: nameNode.text,
    bases,
    tableKeyword,
    abstract: false,
    columns: [],
    relationships: [],
    indexes: [],
    tableForeignKeys: [],
    readable: true,
    nameSpan: spanOf(nameNode),
    span: spanOf(outer),
  };
}

/** `@declared_attr` methods compute table names, table args or columns at run time. */
function readMethod(statement: Node, info: ClassInfo): void {
  if (statement.type !== 'decorated_definition') return;
  const decorators = statement.namedChildren.filter((child) => child?.type === 'decorator').map((child) => child!.text);
  if (!decorators.some((decorator) => /declared_attr/.test(decorator))) return;
  const name = statement.childForFieldName('definition')?.childForFieldName('name')?.text;
  if (name === '__tablename__') info.tableName = null;
  else info.readable = false;
}

interface ReadContext {
  scope: Scope;
  text: string;
  style: ModelStyle;
}

function readAssignment(assignment: Node, statement: Node, info: ClassInfo, context: ReadContext): void {
  const left = assignment.childForFieldName('left');
  if (left?.type !== 'identifier') return;
  const right = assignment.childForFieldName('right');
  const value: PyValue | undefined = right ? evaluate(right, context.scope) : undefined;
  if (left.text.startsWith('__')) return readDunder(left.text, value, info);
  const typeNode = assignment.childForFieldName('type');
  const read = readAttribute({
    attribute: left.text,
    ...(typeNode ? { annotation: readAnnotation(typeNode.text), annotationSpan: spanOf(typeNode) } : {}),
    ...(value ? { value } : {}),
    span: spanOf(statement),
    style: context.style,
    text: context.text,
  });
  if (read.column) info.columns.push(read.column);
  if (read.relationship) info.relationships.push(read.relationship);
}

function readDunder(name: string, value: PyValue | undefined, info: ClassInfo): void {
  if (name === '__tablename__') info.tableName = literalName(value) ?? null;
  else if (name === '__abstract__') info.abstract = literalFlag(value) === true;
  else if (name === '__table_args__') {
    const args = readTableArguments(value);
    info.indexes.push(...args.indexes);
    info.tableForeignKeys.push(...args.foreignKeys);
    info.readable &&= args.readable;
  } else if (name === '__table__') info.readable = false;
  // A mapper-level primary key maps a table (or view) that declares none: deliberate, not an omission.
  else if (
    name === '__mapper_args__' &&
    value?.type === 'dict' &&
    value.entries.some(([key]) => key.type === 'str' && key.value === 'primary_key')
  )
    info.mapperPrimaryKey = true;
}

/** Base names that add no columns: declarative roots and common helper mixins. */
export const ROOT_BASES = new Set([
  'SQLModel',
  'DeclarativeBase',
  'DeclarativeBaseNoMeta',
  'MappedAsDataclass',
  'AsyncAttrs',
  'object',
  'Generic',
]);

/** Whether a base named as written is a known root (Flask-SQLAlchemy's `db.Model` included). */
export function isRootBase(name: string): boolean {
  return ROOT_BASES.has(lastName(name) ?? name) || /^\w+\.Model$/.test(name);
}
