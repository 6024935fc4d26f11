import { lastName, type PyValue, type Span } from '../parse/python/python-values.js';
import type { Annotation } from './annotation.js';
import {
  foreignKeysIn,
  isCall,
  literalFlag,
  literalName,
  readForeignKey,
  timezoneOf,
  typeArgument,
  typeNameOf,
  type CallValue,
} from './column-arguments.js';
import type { ModelColumn, ModelRelationship, ModelStyle } from './model-types.js';

/**
 * One attribute of a model class read as a column or a relationship. Nullability follows the
 * ORMs: an explicit `nullable=` wins, a primary key is NOT NULL, otherwise the `Mapped[...]` or
 * SQLModel annotation decides (Optional → NULL), and a 1.4-style `Column` without one is nullable.
 */

export interface AttributeInput {
  attribute: string;
  annotation?: Annotation;
  annotationSpan?: Span;
  value?: PyValue;
  span: Span;
  style: ModelStyle;
  text: string;
}

/** Python types SQLAlchemy 2.0 and SQLModel map to column types when only the annotation gives one. */
const ANNOTATION_TYPES: Record<string, string> = {
  int: 'Integer',
  str: 'String',
  float: 'Float',
  bool: 'Boolean',
  datetime: 'DateTime',
  date: 'Date',
  time: 'Time',
  timedelta: 'Interval',
  Decimal: 'Numeric',
  UUID: 'Uuid',
  bytes: 'LargeBinary',
};

const COLUMN_CALLS = ['Column', 'mapped_column'];
const RELATIONSHIP_CALLS = ['relationship', 'Relationship', 'relation'];

export function readAttribute(input: AttributeInput): { column?: ModelColumn; relationship?: ModelRelationship } {
  const { value, annotation } = input;
  if (annotation?.classVar) return {};
  if (isCall(value, ...RELATIONSHIP_CALLS)) return { relationship: readRelationship(input, value) };
  if (isCall(value, ...COLUMN_CALLS)) return { column: fromColumnCall(input, value) };
  if (input.style === 'sqlmodel' && isCall(value, 'Field')) {
    const column = value.kwargs.get('sa_column');
    return { column: isCall(column, 'Column') ? fromColumnCall({ ...input, value: column }, column) : fromField(input, value) };
  }
  // `x: Mapped[int]` alone, or a SQLModel field with a plain default (`name: str = "x"`).
  const annotated = annotation && (annotation.mapped || input.style === 'sqlmodel');
  if (annotated && !annotation.collection && (value === undefined || input.style === 'sqlmodel')) return { column: fromAnnotation(input) };
  return {};
}

function fromColumnCall(input: AttributeInput, call: CallValue): ModelColumn {
  const positional = [...call.args];
  const explicitName =
    literalName(call.kwargs.get('name')) ?? (positional[0]?.type === 'str' ? literalName(positional.shift()) : undefined);
  const typeValue = call.kwargs.get('type_') ?? typeArgument(positional);
  // Only mapped_column reads nullability from the annotation; a Column is nullable unless told otherwise.
  const column = baseColumn(input, explicitName ?? input.attribute, call.kwargs, isCall(call, 'mapped_column'));
  column.foreignKeys = foreignKeysIn(positional);
  if (typeValue) return withType(column, typeValue, input.text);
  return withAnnotationType(column, input);
}

function fromField(input: AttributeInput, call: CallValue): ModelColumn {
  const extra = call.kwargs.get('sa_column_kwargs');
  const kwargs = new Map(call.kwargs);
  if (extra?.type === 'dict') for (const [key, item] of extra.entries) if (key.type === 'str') kwargs.set(key.value, item);
  if (kwargs.has('default_factory')) kwargs.set('default', kwargs.get('default_factory')!);
  const column = baseColumn(input, input.attribute, kwargs, true);
  const foreignKey = call.kwargs.get('foreign_key');
  if (foreignKey && foreignKey.type !== 'none')
    column.foreignKeys = [readForeignKey(foreignKey, call.kwargs.get('ondelete'), foreignKey.span)];
  const typeValue = call.kwargs.get('sa_type');
  return typeValue ? withType(column, typeValue, input.text) : withAnnotationType(column, input);
}

function fromAnnotation(input: AttributeInput): ModelColumn {
  const column = baseColumn(input, input.attribute, new Map(input.value ? [['default', input.value]] : []), true);
  return withAnnotationType(column, input);
}

function baseColumn(input: AttributeInput, name: string, kwargs: ReadonlyMap<string, PyValue>, annotationDecides: boolean): ModelColumn {
  const primaryKey = literalFlag(kwargs.get('primary_key')) === true;
  const nullableValue = kwargs.get('nullable');
  const nullableLiteral = literalFlag(nullableValue);
  const nullableArgument =
    nullableValue && nullableLiteral !== undefined ? { value: nullableLiteral, span: nullableValue.span } : undefined;
  const annotationOptional =
    input.annotation && (input.annotation.mapped || input.style === 'sqlmodel') ? input.annotation.optional : undefined;
  const fromAnnotation = annotationDecides ? annotationOptional : undefined;
  const nullable = nullableArgument?.value ?? (primaryKey ? false : (fromAnnotation ?? true));
  const serverDefault = kwargs.get('server_default');
  const pythonDefault = kwargs.get('default');
  return {
    name,
    attribute: input.attribute,
    span: input.span,
    typeFromAnnotation: false,
    ...(nullableArgument ? { nullableArgument } : {}),
    ...(annotationOptional !== undefined ? { annotationOptional } : {}),
    ...(input.annotationSpan ? { annotationSpan: input.annotationSpan } : {}),
    nullable,
    primaryKey,
    unique: literalFlag(kwargs.get('unique')) === true,
    index: literalFlag(kwargs.get('index')) === true,
    ...(serverDefault && serverDefault.type !== 'none'
      ? { serverDefault: { text: sourceOf(input.text, serverDefault.span), span: serverDefault.span } }
      : {}),
    ...(pythonDefault && pythonDefault.type !== 'none' ? { pythonDefault: pythonDefault.span } : {}),
    foreignKeys: [],
  };
}

function withType(column: ModelColumn, typeValue: PyValue, text: string): ModelColumn {
  const typeName = typeNameOf(typeValue);
  const timezone = typeName && /^(DateTime|DATETIME|TIMESTAMP|Time|TIME)$/.test(typeName) ? timezoneOf(typeValue) : undefined;
  return {
    ...column,
    ...(typeName ? { typeName } : {}),
    typeText: sourceOf(text, typeValue.span),
    typeSpan: typeValue.span,
    ...(timezone !== undefined ? { timezone } : {}),
  };
}

/** The type SQLAlchemy/SQLModel derive from the annotation's Python type (`datetime` → DateTime without time zone). */
function withAnnotationType(column: ModelColumn, input: AttributeInput): ModelColumn {
  const typeName = input.annotation?.typeName ? ANNOTATION_TYPES[input.annotation.typeName] : undefined;
  if (!typeName) return column;
  return {
    ...column,
    typeName,
    typeText: input.annotation!.typeName!,
    ...(input.annotationSpan ? { typeSpan: input.annotationSpan } : {}),
    ...(typeName === 'DateTime' || typeName === 'Time' ? { timezone: false } : {}),
    typeFromAnnotation: true,
  };
}

function readRelationship(input: AttributeInput, call: CallValue): ModelRelationship {
  const extra = call.kwargs.get('sa_relationship_kwargs');
  const kwargs = new Map(call.kwargs);
  if (extra?.type === 'dict') for (const [key, item] of extra.entries) if (key.type === 'str') kwargs.set(key.value, item);
  const lazy = kwargs.get('lazy');
  const uselist = literalFlag(kwargs.get('uselist'));
  const target = literalName(call.args[0]) ?? (call.args[0]?.type === 'name' ? lastName(call.args[0].name) : input.annotation?.typeName);
  const collection = uselist ?? (input.annotation?.collection || (kwargs.has('secondary') && kwargs.get('secondary')?.type !== 'none'));
  return {
    attribute: input.attribute,
    ...(target ? { target } : {}),
    span: input.span,
    ...(kwargs.get('backref') && kwargs.get('backref')?.type !== 'none' ? { backref: kwargs.get('backref')!.span } : {}),
    ...(lazy !== undefined ? { lazy: literalName(lazy) ?? (lazy.type === 'bool' ? String(lazy.value) : null) } : {}),
    ...(input.annotation?.loaderFromAnnotation ? { lazy: 'write_only' } : {}),
    collection: collection === true,
    viewonly: literalFlag(kwargs.get('viewonly')) === true,
  };
}

function sourceOf(text: string, span: Span): string {
  return text.slice(span.start, span.end);
}
